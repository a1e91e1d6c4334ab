import { z } from 'zod'
import { formNumber } from '~/utils/form-number'
import { LOCALES } from '~/utils/i18n'

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' })
/** An ISO 3166 code the platform's ICU names (not "XX", "ZZ", "EU" or "UN"). */
function isKnownRegion(code: string) {
  const name = REGIONS.of(code)
  return !!name && name !== code && name !== 'Unknown Region' && !['EU', 'EZ', 'UN', 'QO'].includes(code)
}

export const CENTRE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** A new centre, as the platform admin types it (the hour value in euros, stored as cents). */
export const CreateCentreSchema = z.object({
  intent: z.literal('createCentre'),
  slug: z.string().trim().min(2).max(60).regex(CENTRE_SLUG, { error: 'validation.slug' }),
  name: z.string().trim().min(2).max(120),
  city: z.string().trim().min(1).max(100),
  // two Latin letters as typed (upper-casing first turned "ß" into "SS" and "ıd" into "ID"), of a known region
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, { error: 'admin.errors.country' })
    .transform((v) => v.toUpperCase())
    .refine((v) => isKnownRegion(v), { error: 'admin.errors.country' }),
  description: z.string().trim().max(4000).optional(),
  moderationMode: z.enum(['pre', 'post']),
  hourValueEuros: formNumber(
    z
      .number()
      .min(1)
      .max(1000)
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, {
        error: 'admin.errors.cents',
      }),
  ),
  languages: z.array(z.enum(LOCALES)).min(1).max(LOCALES.length),
})

export const AppointManagerSchema = z.object({
  intent: z.literal('appoint'),
  centreId: z.uuid({ error: 'validation.invalid' }),
  email: z.string().trim().max(254).email(),
})

export const RemoveManagerSchema = z.object({
  intent: z.literal('removeManager'),
  centreId: z.uuid({ error: 'validation.invalid' }),
  userId: z.uuid({ error: 'validation.invalid' }),
})

/** The admin's buttons beside a pending manager invitation: take it back, or send a new link. */
export const ManagerInvitationSchema = z.object({
  intent: z.enum(['revokeInvitation', 'resendInvitation']),
  centreId: z.uuid({ error: 'validation.invalid' }),
  invitationId: z.uuid({ error: 'validation.invalid' }),
})
