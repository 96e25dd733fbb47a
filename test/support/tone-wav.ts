/**
 * A short sine tone as a WAV file (8-bit mono PCM, RIFF header): a real audio file a browser can
 * load and play, made in the test because no audio encoder is among the dependencies.
 */
export function toneWav({ seconds = 0.5, hertz = 440, sampleRate = 8000 } = {}): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM format chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate, 28); // bytes per second: one byte a sample
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples, 40);
  const body = Buffer.alloc(samples);
  for (let index = 0; index < samples; index += 1) body[index] = Math.round(128 + 100 * Math.sin((2 * Math.PI * hertz * index) / sampleRate));
  return Buffer.concat([header, body]);
}
