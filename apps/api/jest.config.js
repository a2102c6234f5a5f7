module.exports = require('../../jest.preset.js')('api', __dirname);
