import { decimalToMinorUnits, minorUnitsToDecimal } from './decimal-amounts';

describe("providers' decimal prices", () => {
  it.each([
    ['12.50', 'EUR', 1250],
    ['12.5', 'EUR', 1250],
    ['12', 'EUR', 1200],
    ['0.99', 'USD', 99],
    ['500', 'JPY', 500],
    ['500.00', 'JPY', 500],
    ['1.250', 'KWD', 1250],
    ['8.5000', 'EUR', 850],
  ])('reads %s %s as %i minor units, exactly', (text, currency, amount) => {
    expect(decimalToMinorUnits(text, currency)).toBe(amount);
  });

  it.each([
    ['12.505', 'EUR', 'more decimals'],
    ['12,50', 'EUR', 'not a decimal amount'],
    ['1e3', 'EUR', 'not a decimal amount'],
    ['', 'EUR', 'not a decimal amount'],
    ['10.5', 'JPY', 'more decimals'],
    ['10.00', 'XYZ', 'not an ISO 4217'],
  ])('refuses %j in %s rather than rounding or guessing', (text, currency, reason) => {
    expect(() => decimalToMinorUnits(text, currency)).toThrow(reason);
  });

  it('writes minor units back as decimals', () => {
    expect(minorUnitsToDecimal({ amount: 1250, currency: 'EUR' })).toBe('12.50');
    expect(minorUnitsToDecimal({ amount: 5, currency: 'EUR' })).toBe('0.05');
    expect(minorUnitsToDecimal({ amount: 500, currency: 'JPY' })).toBe('500');
    expect(minorUnitsToDecimal({ amount: -1250, currency: 'KWD' })).toBe('-1.250');
  });
});
