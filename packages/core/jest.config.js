module.exports = require('../../jest.preset.js')('core', __dirname);
