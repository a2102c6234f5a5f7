module.exports = require('../../jest.preset.js')('shop-woocommerce', __dirname);
