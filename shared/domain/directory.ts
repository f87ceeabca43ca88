import { z } from 'zod';
import { idSchema } from './ids.js';
import { isValidNameText } from './names.js';
import { alarmGroupSchema } from '../alarm/readiness.js';

export const locales = ['nl', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

const text = (max: number) =>
  z.string().trim().max(max, { error: 'too_long' }).refine(isValidNameText, { error: 'invalid_characters' });
const name = (max: number) => text(max).refine((value) => value.length > 0, { error: 'required' });

/** A central server's address: where a desk enrols and syncs. */
export const serverAddressSchema = z.url({ protocol: /^https?$/, error: 'invalid_url' }).max(2048, { error: 'too_long' });
/** Empty means "no central server": the desk works stand-alone on its LAN. */
export const serverUrlSchema = z.union([z.literal(''), serverAddressSchema]);

/** The two things a desk says about itself; the same rules at enrolment and in the settings. */
export const deskNameSchema = name(80);
export const floorSchema = text(40);

/** What an administrator sets on the settings screen. */
export const deviceSettingsInputSchema = z.strictObject({
  organisationName: name(120),
  siteName: name(120),
  deskName: deskNameSchema,
  floor: floorSchema,
  serverUrl: z.string().trim().pipe(serverUrlSchema),
  /** Called when the alarm cannot be delivered: a security desk or emergency line. */
  fallbackPhone: z
    .string()
    .trim()
    .max(40, { error: 'too_long' })
    .refine((value) => value === '' || /^\+?[0-9 ()-]{3,40}$/.test(value), { error: 'invalid_phone' })
    .default(''),
  /** 0 never alerted (a display), 1 alerted at once, 2 and 3 when an alarm escalates. */
  alarmGroup: alarmGroupSchema.default(1),
});
export type DeviceSettingsInput = z.input<typeof deviceSettingsInputSchema>;
export type DeviceSettings = z.output<typeof deviceSettingsInputSchema>;

export const namedSchema = z.object({ id: idSchema, name: z.string() });

export const deskSchema = namedSchema.extend({ floor: z.string() });

export const connectionStateSchema = z.enum(['unconfigured', 'not_connected', 'connecting', 'online', 'error']);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

/** Where this device stands: shown on the first screen. */
export const deviceStatusSchema = z.object({
  deviceId: idSchema,
  organisation: namedSchema.nullable(),
  site: namedSchema.nullable(),
  desk: deskSchema.nullable(),
  serverUrl: z.string(),
  fallbackPhone: z.string(),
  alarmGroup: alarmGroupSchema,
  connection: connectionStateSchema,
  locale: localeSchema,
  settingsUpdatedAt: z.iso.datetime().nullable(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;
