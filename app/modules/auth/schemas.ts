import { z } from 'zod'

export const EmailSchema = z.string().trim().max(254).email()
/** Length only; strength (zxcvbn, server only) is checked by `passwordWeakness` after parsing (ADR 061). */
export const PasswordSchema = z.string().min(10).max(128)
export const NameSchema = z.string().trim().min(1).max(100)

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1).max(128),
  redirectTo: z.string().max(500).optional(),
})

export const SignupSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  password: PasswordSchema,
  redirectTo: z.string().max(500).optional(),
})

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1).max(128),
    newPassword: PasswordSchema,
    confirmPassword: z.string().min(1).max(128),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'auth.errors.passwordMismatch',
  })

export const ProfileSchema = z.object({ name: NameSchema })

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

export const ResetPasswordSchema = z
  .object({
    newPassword: PasswordSchema,
    confirmPassword: z.string().min(1).max(128),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'auth.errors.passwordMismatch',
  })

export const ChangeEmailSchema = z.object({
  newEmail: EmailSchema,
  password: z.string().min(1).max(128),
})
