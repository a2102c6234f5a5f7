module.exports = require('../../jest.preset.js')('channel-whatsapp', __dirname);
