module.exports = require('../../jest.preset.js')('example-loyalty', __dirname);
