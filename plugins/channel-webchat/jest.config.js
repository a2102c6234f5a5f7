module.exports = require('../../jest.preset.js')('channel-webchat', __dirname);
