// tsc compiles only .ts files: the widget's script, stylesheet and page are served as they are, from beside the
// compiled code that reads them (dist/widget), so `npm start` and the Docker image (which keeps dist/ only) find them.
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
cpSync(join(root, 'src', 'widget'), join(root, 'dist', 'widget'), {
  recursive: true,
  filter: (source) => !source.endsWith('.ts'),
});
