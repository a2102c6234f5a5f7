module.exports = require('../../jest.preset.js')('payments-stripe', __dirname);
