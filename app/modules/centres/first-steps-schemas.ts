import { z } from 'zod'

/** The dashboard's two acts on the first-steps list (docs/decisions/074). */
export const FirstStepsIntentSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('hideFirstSteps') }),
  z.object({ intent: z.literal('showFirstSteps') }),
])
