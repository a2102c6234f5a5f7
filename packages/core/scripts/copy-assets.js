// tsc compiles only .ts files: the demo menu's CSV and pictures are copied next to the compiled code that reads them,
// so `npm start` and the Docker image (which keeps dist/ only) find them.
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
for (const folder of ['catalog/demo']) {
  cpSync(join(root, 'src', folder), join(root, 'dist', folder), {
    recursive: true,
    filter: (source) => !source.endsWith('.ts'),
  });
}
