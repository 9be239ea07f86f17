import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

export const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter an email address")),
  password: z.string().min(1, "Enter your password").max(200),
});
export type TSignIn = z.infer<typeof ZSignIn>;

export const ZCreateUser = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter an email address")),
  name: z.string().trim().min(1, "Enter a name").max(100),
  role: z.enum(ROLES as [string, ...string[]]).transform((r) => r as (typeof ROLES)[number]),
  password: z.string().min(8, "Use at least 8 characters").max(200),
});
export type TCreateUser = z.input<typeof ZCreateUser>;

export const ZSetUserRole = z.object({
  id: z.uuid(),
  role: z.enum(ROLES as [string, ...string[]]).transform((r) => r as (typeof ROLES)[number]),
});
export type TSetUserRole = z.input<typeof ZSetUserRole>;

export const ZSetUserDisabled = z.object({
  id: z.uuid(),
  disabled: z.boolean(),
});
export type TSetUserDisabled = z.input<typeof ZSetUserDisabled>;

const ZNewPassword = z.string().min(8, "Use at least 8 characters").max(200);

export const ZChangeOwnPassword = z.object({
  current_password: z.string().min(1, "Enter your current password").max(200),
  new_password: ZNewPassword,
});
export type TChangeOwnPassword = z.input<typeof ZChangeOwnPassword>;

export const ZResetUserPassword = z.object({
  id: z.uuid(),
  password: ZNewPassword,
});
export type TResetUserPassword = z.input<typeof ZResetUserPassword>;
