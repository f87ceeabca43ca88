import WebSocket from 'ws';
import { newId } from '../../shared/domain/ids.js';
import { SYNC_SCHEMA_VERSION, enrolResponseSchema } from '../../shared/sync/protocol.js';
import type { Directory } from '../../server/src/tenancy/directory.js';

/** A device enrolled over HTTP, with no replica: for tests that speak the wire protocol by hand. */
export interface RawDevice {
  deviceId: string;
  credential: string;
  organisationId: string;
  siteId: string;
}

export async function enrolRaw(serverUrl: string, directory: Directory, scope: { organisationId: string; siteId: string }): Promise<RawDevice> {
  const { code } = await directory.createEnrolmentCode(scope.organisationId, scope.siteId);
  const deviceId = newId();
  const response = await fetch(`${serverUrl}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, device_id: deviceId, device_name: `raw ${deviceId.slice(-4)}`, schema_version: SYNC_SCHEMA_VERSION }),
  });
  if (response.status !== 201) throw new Error(`enrolment failed: ${response.status} ${await response.text()}`);
  const enrolled = enrolResponseSchema.parse(await response.json());
  return { deviceId, credential: enrolled.credential, ...scope };
}

/** An open realtime socket that records every frame and when it closed. */
export interface RawSocket {
  socket: WebSocket;
  frames: { type: string; message?: { message_id?: string } }[];
  closed: Promise<{ code: number; at: number }>;
  send(frame: unknown): void;
}

export async function openRealtime(serverUrl: string, device: RawDevice): Promise<RawSocket> {
  const socket = new WebSocket(`${serverUrl.replace('http', 'ws')}/v1/realtime`, { headers: { authorization: `Bearer ${device.credential}` } });
  const frames: RawSocket['frames'] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as RawSocket['frames'][number]));
  const closed = new Promise<{ code: number; at: number }>((resolve) => socket.once('close', (code) => resolve({ code, at: Date.now() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, closed, send: (frame) => socket.send(JSON.stringify(frame)) };
}

/** A valid alarm event from this device, in its own scope. */
export function alarmFrame(device: RawDevice, alarmId = newId()) {
  return {
    type: 'alarm',
    message: {
      v: 1,
      message_id: newId(),
      alarm_id: alarmId,
      event: 'raised',
      level: 'emergency',
      drill: false,
      organisation_id: device.organisationId,
      site_id: device.siteId,
      from: { device_id: device.deviceId, desk: 'Balie 1', floor: '', person: '', site: '' },
      at: new Date().toISOString(),
      step: 0,
    },
  };
}
