// Product image renditions per second through the whole pipeline (upload route -> `images` job -> six renditions
// stored -> image ready) next to sharp alone making the same six renditions of the same pictures, in the same run.
// Needs PostgreSQL (TEST_DATABASE_URL) and a build:
//   npm run build && node bench/images.bench.js [images=24] [queue=database|redis]     (npm run bench:images)
const { fork } = require('node:child_process');
const { join } = require('node:path');
const sharp = require('sharp');
const { machine, summarize } = require('./support/stats');

const images = Number(process.argv[2] ?? 24);
const queue = process.argv[3] ?? 'database';
const PICTURES = 6;
const WARM_UP = 2;
const BATCH = 8;
// One image at a time: the latency of one image. Saturated: sharp alone is at its best with two images at once on two
// cores (more in flight adds nothing); the pipeline gets five uploads at once, so that its three job slots (the images
// queue's concurrency) never wait for an upload.
const LOADS = [
  { name: 'one image at a time', sharp: 1, uploads: 1 },
  { name: 'saturated', sharp: 2, uploads: 5 },
];

/** A 1600 x 1200 photo-like JPEG (noise, blurred, quality 85: about 280 KB), different for each seed. */
function picture(seed) {
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: (seed * 71) % 256, g: 140, b: 90 }, noise: { type: 'gaussian', mean: 120, sigma: 50 } } })
    .blur(1.2)
    .jpeg({ quality: 85 })
    .toBuffer();
}

// sharp alone: what renderRenditions does (packages/core/src/catalog/images/image-renditions.ts), without HTTP,
// database, queue or storage: per size one decode and resize, then WebP and JPEG from it.
const SIZES = [{ width: 200, height: 200 }, { width: 600 }, { width: 1200 }];
async function sharpAlone(original) {
  const outputs = await Promise.all(
    SIZES.map(async (size) => {
      const pipeline = sharp(original, { limitInputPixels: 50_000_000, failOn: 'warning' }).rotate();
      if (size.height) pipeline.resize(size.width, size.height, { fit: 'cover' });
      else pipeline.resize({ width: size.width, withoutEnlargement: true });
      const { data, info } = await pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
      return Promise.all([sharp(data, raw).webp({ quality: 80 }).toBuffer(), sharp(data, raw).flatten({ background: '#ffffff' }).jpeg({ quality: 82 }).toBuffer()]);
    }),
  );
  return outputs.flat().length;
}

/** Runs `count` jobs with `inFlight` at a time, adding each job's latency, the renditions made and the time taken to `into`. */
async function measure(count, inFlight, job, into = { latencies: [], renditions: 0, seconds: 0, images: 0 }) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const index = next++;
        const t0 = process.hrtime.bigint();
        const made = await job(index);
        into.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        into.renditions += made;
      }
    }),
  );
  into.seconds += Number(process.hrtime.bigint() - started) / 1e9;
  into.images += count;
  return into;
}

function result(totals) {
  return { ...summarize(totals.latencies), renditionsPerSecond: totals.renditions / totals.seconds, imagesPerSecond: totals.images / totals.seconds };
}

async function main() {
  const pictures = [];
  for (let seed = 1; seed <= PICTURES; seed += 1) pictures.push(await picture(seed));

  const server = fork(join(__dirname, 'support/images-server.js'), [queue], { stdio: 'inherit' });
  const waiting = new Map();
  const ready = await new Promise((resolve, reject) => {
    server.on('message', (message) => {
      if (message.url) resolve(message);
      const id = message.ready ?? message.failed;
      if (!id) return;
      const done = waiting.get(id);
      waiting.delete(id);
      if (message.failed) done?.reject(new Error(`Image ${id} failed: ${message.reason}`));
      else done?.resolve(message.renditions);
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });

  // Whole pipeline: POST the bytes, then wait for the job to have stored the renditions and marked the image ready.
  // The listener is set before the upload answers: a small image could be ready before its 201 arrives.
  const pending = new Map();
  server.on('message', (message) => {
    const id = message.ready ?? message.failed;
    if (id && !waiting.has(id)) pending.set(id, message);
  });
  const untilDone = (id) =>
    new Promise((resolve, reject) => {
      const early = pending.get(id);
      if (early) return early.failed ? reject(new Error(early.reason)) : resolve(early.renditions);
      waiting.set(id, { resolve, reject });
    });
  const pipeline = async (index) => {
    const response = await fetch(`${ready.url}/admin/products/${ready.productId}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ready.key}`, 'content-type': 'image/jpeg' },
      body: pictures[index % PICTURES],
    });
    if (response.status !== 201) throw new Error(`Upload answered ${response.status}: ${await response.text()}`);
    return untilDone((await response.json()).id);
  };
  const alone = (index) => sharpAlone(pictures[index % PICTURES]);

  await measure(WARM_UP, 1, alone);
  await measure(WARM_UP, 1, pipeline);
  const results = [];
  for (const load of LOADS) {
    // Alternating batches, so a burst of other work on the machine slows both sides alike.
    const sharpTotals = { latencies: [], renditions: 0, seconds: 0, images: 0 };
    const pipelineTotals = { latencies: [], renditions: 0, seconds: 0, images: 0 };
    for (let done = 0; done < images; done += BATCH) {
      await measure(Math.min(BATCH, images - done), load.sharp, alone, sharpTotals);
      await measure(Math.min(BATCH, images - done), load.uploads, pipeline, pipelineTotals);
    }
    results.push({ load, sharpResult: result(sharpTotals), pipelineResult: result(pipelineTotals) });
  }
  server.send('stop');
  await new Promise((resolve) => server.once('exit', resolve));

  const size = `${(pictures.reduce((sum, bytes) => sum + bytes.length, 0) / PICTURES / 1024).toFixed(0)} KB`;
  console.log(`Machine: ${machine()}; PostgreSQL, ${queue === 'redis' ? 'BullMQ on Redis' : 'database job queue'}, workers in the API process (images queue concurrency 3), UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? 4}`);
  console.log(`${images} images per row, in alternating batches of ${BATCH} (sharp alone, then the pipeline), of ${PICTURES} different 1600x1200 JPEGs (about ${size}); 6 renditions each (200 px square, 600 and 1200 px wide; WebP q80 and JPEG q82)`);
  console.log('| load | path | images in flight | renditions/s | images/s | p50 per image | p99 per image |');
  console.log('|---|---|---|---|---|---|---|');
  for (const { load, sharpResult, pipelineResult } of results) {
    const row = (name, inFlight, r) =>
      `| ${load.name} | ${name} | ${inFlight} | ${r.renditionsPerSecond.toFixed(1)} | ${r.imagesPerSecond.toFixed(2)} | ${r.p50.toFixed(0)} ms | ${r.p99.toFixed(0)} ms |`;
    console.log(row('sharp alone', load.sharp, sharpResult));
    console.log(row('upload -> job -> stored', load.uploads, pipelineResult));
  }
  for (const { load, sharpResult, pipelineResult } of results) {
    console.log(`${load.name}: pipeline / sharp alone = ${((pipelineResult.renditionsPerSecond / sharpResult.renditionsPerSecond) * 100).toFixed(0)}% (target >= 85%)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
