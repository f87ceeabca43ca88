// Writes resources/alarm.wav: two-tone beeps (960/770 Hz), 1.2 s, 16-bit mono PCM.
// Kept as a script so the sound can be regenerated or changed, not just a mystery binary.
import { writeFileSync } from 'node:fs';

const rate = 22_050;
const tones = [[960, 0.25], [0, 0.05], [770, 0.25], [0, 0.05], [960, 0.25], [0, 0.35]];
const samples = [];
for (const [frequency, seconds] of tones) {
  const count = Math.round(rate * seconds);
  for (let i = 0; i < count; i += 1) {
    const envelope = Math.min(1, i / 200, (count - i) / 200);
    samples.push(frequency === 0 ? 0 : Math.round(Math.sin((2 * Math.PI * frequency * i) / rate) * 0.8 * envelope * 32_767));
  }
}
const data = Buffer.alloc(samples.length * 2);
samples.forEach((value, i) => data.writeInt16LE(value, i * 2));
const header = Buffer.alloc(44);
header.write('RIFF', 0);
header.writeUInt32LE(36 + data.length, 4);
header.write('WAVEfmt ', 8);
header.writeUInt32LE(16, 16);
header.writeUInt16LE(1, 20);
header.writeUInt16LE(1, 22);
header.writeUInt32LE(rate, 24);
header.writeUInt32LE(rate * 2, 28);
header.writeUInt16LE(2, 32);
header.writeUInt16LE(16, 34);
header.write('data', 36);
header.writeUInt32LE(data.length, 40);
writeFileSync('resources/alarm.wav', Buffer.concat([header, data]));
