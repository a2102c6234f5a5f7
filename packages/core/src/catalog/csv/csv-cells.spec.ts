import {
  CellError,
  csvLine,
  formatAmount,
  formatAvailability,
  guardFormula,
  minorUnitDigits,
  parseAmount,
  parseAvailability,
  parseOptions,
  parseYesNo,
  unguardFormula,
} from './csv-cells';

describe('amounts', () => {
  it('reads decimals exactly in the minor units of the currency', () => {
    expect(parseAmount('12.50', 'EUR', 'price')).toBe(1250);
    expect(parseAmount('12,5', 'EUR', 'price')).toBe(1250);
    expect(parseAmount('12', 'EUR', 'price')).toBe(1200);
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(parseAmount('0.29', 'EUR', 'price')).toBe(29);
    expect(parseAmount('1000000.01', 'EUR', 'price')).toBe(100000001);
    expect(parseAmount('500', 'JPY', 'price')).toBe(500);
    expect(parseAmount('1.234', 'KWD', 'price')).toBe(1234);
    expect(parseAmount('-1.50', 'EUR', 'price')).toBe(-150);
    expect(Object.is(parseAmount('-0', 'EUR', 'price'), 0)).toBe(true);
  });

  it.each([
    ['12.505', 'EUR', 'has more decimals than EUR has (2)'],
    ['500.5', 'JPY', 'has more decimals than JPY has (0)'],
    ['€12', 'EUR', 'is not an amount'],
    ['1,250.00', 'EUR', 'is not an amount'],
    ['1 250', 'EUR', 'is not an amount'],
    ['.5', 'EUR', 'is not an amount'],
    ['99999999999', 'EUR', 'too large'],
  ])('refuses %s in %s', (text, currency, reason) => {
    expect(() => parseAmount(text, currency, 'price')).toThrow(CellError);
    expect(() => parseAmount(text, currency, 'price')).toThrow(reason);
  });

  it('writes what it reads', () => {
    expect(formatAmount(1250, 'EUR')).toBe('12.50');
    expect(formatAmount(5, 'EUR')).toBe('0.05');
    expect(formatAmount(-150, 'EUR')).toBe('-1.50');
    expect(formatAmount(500, 'JPY')).toBe('500');
    expect(formatAmount(1234, 'KWD')).toBe('1.234');
    for (const amount of [0, 1, 99, 100, 123456, -7]) expect(parseAmount(formatAmount(amount, 'EUR'), 'EUR', 'price')).toBe(amount);
  });

  it('knows the minor unit of each ISO currency, and no made-up one', () => {
    expect([minorUnitDigits('EUR'), minorUnitDigits('JPY'), minorUnitDigits('BHD')]).toEqual([2, 0, 3]);
    expect(() => minorUnitDigits('EURO')).toThrow('not an ISO 4217 currency code');
  });
});

describe('cells', () => {
  it('reads options, lowercasing names as the catalog does', () => {
    expect(parseOptions('Size=Large; crust = thin')).toEqual([
      { name: 'size', value: 'Large' },
      { name: 'crust', value: 'thin' },
    ]);
    expect(parseOptions('')).toEqual([]);
    expect(() => parseOptions('large')).toThrow('is not an option such as size=large');
    expect(() => parseOptions('size=s;SIZE=m')).toThrow('The option "size" is given twice');
  });

  it('reads and writes menu hours', () => {
    const windows = parseAvailability('mon-fri 7:00-11:00; sat,sun 08:00 - 12:00; fri-mon 22:00-02:00; 12:00-15:00');
    expect(windows).toEqual([
      { days: [1, 2, 3, 4, 5], from: '07:00', to: '11:00' },
      { days: [6, 7], from: '08:00', to: '12:00' },
      { days: [1, 5, 6, 7], from: '22:00', to: '02:00' },
      { days: [], from: '12:00', to: '15:00' },
    ]);
    expect(formatAvailability(windows)).toBe('mon-fri 07:00-11:00; sat-sun 08:00-12:00; mon,fri-sun 22:00-02:00; 12:00-15:00');
    expect(parseAvailability(formatAvailability(windows))).toEqual(windows);
    expect(() => parseAvailability('weekdays 07:00-11:00')).toThrow('is not a day');
    expect(() => parseAvailability('breakfast')).toThrow('is not hours');
  });

  it('reads yes and no', () => {
    expect(['yes', 'Y', 'true', '1'].map((text) => parseYesNo(text, 'sold_out'))).toEqual([true, true, true, true]);
    expect(['no', 'N', 'false', '0', ''].map((text) => parseYesNo(text, 'sold_out'))).toEqual([false, false, false, false, false]);
    expect(() => parseYesNo('maybe', 'sold_out')).toThrow('is not yes or no');
  });

  it("keeps spreadsheets from running a cell as a formula, and gives the text back as it was", () => {
    for (const text of ['=1+1', '+31 20', '-5', '@home', "'t Hoekje", "'=x", 'Plain', '']) {
      expect(unguardFormula(guardFormula(text))).toBe(text);
    }
    expect(guardFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(guardFormula('Margherita')).toBe('Margherita');
  });

  it('quotes what needs quoting', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', 'x;y'])).toBe('a,"b,c","say ""hi""","two\nlines","x;y"\r\n');
  });
});
