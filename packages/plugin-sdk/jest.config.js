module.exports = require('../../jest.preset.js')('plugin-sdk', __dirname);
