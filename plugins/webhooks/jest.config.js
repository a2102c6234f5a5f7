module.exports = require('../../jest.preset.js')('webhooks', __dirname);
