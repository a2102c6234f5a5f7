module.exports = require('../../jest.preset.js')('example-greeting', __dirname);
