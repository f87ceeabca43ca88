import { z } from 'zod';

/**
 * The hidden HID reader page (shell only) hands raw input reports to the shell over these
 * channels; the shell decides what a report means. Kept apart from the contract: no role,
 * no core call, and only the reader window may send.
 */
export const hidIpcChannels = {
  report: 'vangnet:hid-report',
  lost: 'vangnet:hid-lost',
} as const;

/** One input report as WebHID gives it: the report id apart, the data without it. */
export const hidReportSchema = z.strictObject({
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  reportId: z.number().int().min(0).max(0xff),
  data: z.array(z.number().int().min(0).max(0xff)).max(1024),
  atMs: z.number().finite(),
});
export type HidReport = z.infer<typeof hidReportSchema>;

/** Which plugged-in device a report came from (two pedals of one model count apart). */
export const hidDeviceKeySchema = z.string().regex(/^hid-\d{1,6}$/);

/** What the preload exposes to the reader page as `window.vangnetHid`. */
export interface HidReaderBridge {
  report(report: HidReport, deviceKey: string): void;
  lost(deviceKey: string): void;
}
