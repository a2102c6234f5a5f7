module.exports = require('../../jest.preset.js')('channel-telegram', __dirname);
