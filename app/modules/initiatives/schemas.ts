import { z } from 'zod'

import { INITIATIVE_KINDS } from './kinds'

export { INITIATIVE_KINDS }

const optionalText = (max: number) => z.string().trim().max(max).optional()

/** What an initiative says about itself: the same fields when applying and when editing. */
export const InitiativeProfileSchema = z.object({
  name: z.string().trim().min(2).max(100),
  kind: z.enum(INITIATIVE_KINDS),
  sector: optionalText(100),
  description: optionalText(4000),
  website: z
    .string()
    .trim()
    .max(200)
    // what the link shows must be where it goes: no spaces or invisible characters (a right-to-left
    // override turns the text around; a tab the URL parser would drop), no backslash, and no
    // "name:password@" before the real host. Checked on the text as typed, before z.url reads it.
    .refine((v) => !/[\s\p{Cc}\p{Cf}\\]/u.test(v), { error: 'validation.urlCharacters' })
    .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'validation.url' }))
    .refine((v) => !URL.canParse(v) || (!new URL(v).username && !new URL(v).password), { error: 'validation.urlUserinfo' })
    // stored as the browser reads it: a host in another script as punycode (xn--…), so a look-alike shows as one
    .transform((v) => new URL(v).href)
    .optional(),
  contactEmail: z.string().trim().max(254).email().optional(),
})

export const JoinSchema = InitiativeProfileSchema.extend({
  /** to the centre's managers: who we are, why we want to join */
  message: optionalText(2000),
})

/** A manager's decision on one application: the button pressed is the intent. */
export const DecisionSchema = z.object({
  intent: z.enum(['admit', 'reject']),
  initiativeId: z.uuid({ error: 'validation.invalid' }),
  message: optionalText(1000),
})

export const InviteSchema = z.object({
  intent: z.literal('invite'),
  email: z.string().trim().max(254).email(),
})

export const RevokeInvitationSchema = z.object({
  intent: z.literal('revoke'),
  invitationId: z.uuid({ error: 'validation.invalid' }),
})

export const RemoveMemberSchema = z.object({
  intent: z.literal('remove'),
  userId: z.uuid({ error: 'validation.invalid' }),
})

export const MakeOwnerSchema = z.object({
  intent: z.literal('makeOwner'),
  userId: z.uuid({ error: 'validation.invalid' }),
})

export const LeaveSchema = z.object({ intent: z.literal('leave') })

export const EditProfileSchema = InitiativeProfileSchema.extend({ intent: z.literal('profile') })

export type InitiativeProfile = z.infer<typeof InitiativeProfileSchema>
