module.exports = require('../../jest.preset.js')('shop-shopify', __dirname);
