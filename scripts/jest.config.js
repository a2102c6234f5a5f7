module.exports = require('../jest.preset.js')('scripts', __dirname);
