module.exports = require('../../jest.preset.js')('crm-hubspot', __dirname);
