import * as assert from 'node:assert/strict';
import {
  ExactSum,
  compareDecimals,
  divideDecimals,
  formatDecimal,
  formatUnits,
  multiplyDecimals,
  negateDecimal,
  parseDecimal,
} from '../../src/shared/decimal';
import { Rng } from '../sandbox/random';
import { singleValueResult } from '../../src/core/table/columnStats';

function sumOf(...texts: string[]): string | null {
  const s = new ExactSum();
  for (const t of texts) s.add(parseDecimal(t)!);
  return s.toCell();
}

/** Independent reference: every value padded to 12 fraction digits by string surgery, summed as bigint. */
function referenceSum(texts: readonly string[]): string {
  let total = 0n;
  for (const t of texts) {
    const negative = t.startsWith('-');
    const [whole, fraction = ''] = (negative ? t.slice(1) : t).split('.');
    const units = BigInt(whole + fraction.padEnd(12, '0'));
    total += negative ? -units : units;
  }
  return formatUnits(total, 12);
}

describe('decimal', () => {
  describe('parseDecimal', () => {
    it('accepts plain integers and decimals, with sign', () => {
      for (const [text, canonical, integral] of [
        ['0', '0', true],
        ['12', '12', true],
        ['-3', '-3', true],
        ['+4', '4', true],
        ['0.125', '0.125', false],
        ['.5', '0.5', false],
        ['5.', '5', false],
        ['007', '7', true],
        ['-0', '0', true],
        ['12.500000', '12.5', false],
      ] as const) {
        const d = parseDecimal(text);
        assert.ok(d, text);
        assert.equal(formatDecimal(d), canonical, text);
        assert.equal(d.integral, integral, text);
      }
    });

    it('accepts exponent notation exactly (as Python writes tiny costs)', () => {
      assert.equal(formatDecimal(parseDecimal('1.5e-5')!), '0.000015');
      assert.equal(formatDecimal(parseDecimal('2E3')!), '2000');
      assert.equal(formatDecimal(parseDecimal('-1e-7')!), '-0.0000001');
    });

    it('accepts integers beyond 2^53 exactly', () => {
      assert.equal(formatDecimal(parseDecimal('9007199254740993')!), '9007199254740993');
      assert.equal(formatDecimal(parseDecimal('123456789012345678901234567890')!), '123456789012345678901234567890');
    });

    it('rejects everything that is not a plain number', () => {
      for (const text of [
        '',
        '-',
        '+',
        '.',
        'abc',
        '1,234',
        ' 1',
        '1 ',
        '1.2.3',
        'NaN',
        'Infinity',
        '0x10',
        '1e',
        'e5',
        '1e999',
        '--1',
        'true',
        '{"a":1}',
      ]) {
        assert.equal(parseDecimal(text), undefined, JSON.stringify(text));
      }
    });
  });

  describe('ExactSum', () => {
    it('adds 0.1 + 0.2 to exactly 0.3', () => {
      assert.equal(sumOf('0.1', '0.2'), '0.3');
      assert.equal(sumOf(...Array.from({ length: 10 }, () => '0.1')), '1');
    });

    it('keeps six-decimal costs to the micro-dollar', () => {
      assert.equal(sumOf('12.591200', '15.452700', '4.128000', '0.420000', '0.810000', '0.000000'), '33.4019');
      assert.equal(sumOf('0.000001', '0.000002'), '0.000003');
    });

    it('mixes scales and signs', () => {
      assert.equal(sumOf('1', '0.5', '0.25', '-0.125'), '1.625');
      assert.equal(sumOf('-0.1', '0.1'), '0');
      assert.equal(sumOf('1.5e-5', '0.00001'), '0.000025');
    });

    it('sums token counts beyond 2^53 exactly', () => {
      assert.equal(sumOf('9007199254740993', '9007199254740993'), '18014398509481986');
      assert.equal(sumOf('4503599627370496', '4503599627370497'), '9007199254740993');
      // Many values just under the fast-path limit force repeated spills into the bigint.
      const big = '4503599627370495';
      const texts = Array.from({ length: 1000 }, () => big);
      assert.equal(sumOf(...texts), (4503599627370495n * 1000n).toString());
    });

    it('says "no value" (null) for an empty sum, and 0 for a sum of zeros', () => {
      assert.equal(new ExactSum().toCell(), null);
      assert.equal(new ExactSum().mean(), null);
      assert.equal(sumOf('0', '0.000'), '0');
    });

    it('merges sums exactly, raising the scale as needed', () => {
      const a = new ExactSum();
      a.add(parseDecimal('9007199254740993')!);
      const b = new ExactSum();
      b.add(parseDecimal('0.000001')!);
      a.addSum(b);
      assert.equal(a.toCell(), '9007199254740993.000001');
      assert.equal(a.count, 2);
    });

    it('rounds means half away from zero to 6 decimals', () => {
      const mean = (...texts: string[]) => {
        const s = new ExactSum();
        for (const t of texts) s.add(parseDecimal(t)!);
        return s.mean();
      };
      assert.equal(mean('1', '2'), '1.5');
      assert.equal(mean('1', '1', '2'), '1.333333');
      assert.equal(mean('1', '2', '2'), '1.666667');
      assert.equal(mean('-1', '-2'), '-1.5');
      assert.equal(mean('-1', '-1', '-2'), '-1.333333');
      assert.equal(mean('0.0000005'), '0.000001');
      assert.equal(mean('22.222222', '12.75'), '17.486111');
    });

    it('equals an independent bigint sum on random decimals (property)', () => {
      const rng = new Rng(20261125);
      const random = () => rng.next();
      for (let round = 0; round < 200; round++) {
        const texts = Array.from({ length: 1 + Math.floor(random() * 60) }, () => randomDecimal(random));
        assert.equal(sumOf(...texts), referenceSum(texts), texts.join(' + '));
      }
    });
  });

  describe('compare and divide', () => {
    it('orders decimals exactly across scales and magnitudes', () => {
      const cmp = (a: string, b: string) => Math.sign(compareDecimals(parseDecimal(a)!, parseDecimal(b)!));
      assert.equal(cmp('1.5', '1.50'), 0);
      assert.equal(cmp('0.1', '0.09'), 1);
      assert.equal(cmp('-2', '1'), -1);
      assert.equal(cmp('9007199254740993', '9007199254740992'), 1);
    });

    it('divides with rounding, a multiplier, and null on zero', () => {
      const div = (a: string, b: string, decimals: number, per?: number) =>
        divideDecimals(parseDecimal(a)!, parseDecimal(b)!, decimals, per);
      assert.equal(div('1', '3', 6), '0.333333');
      assert.equal(div('2', '3', 6), '0.666667');
      assert.equal(div('12.5912', '1750', 6, 1000), '7.194971');
      assert.equal(div('1', '0', 6), null);
      assert.equal(div('-1', '8', 2), '-0.13');
      assert.equal(div('1', '-8', 2), '-0.13');
    });

    it('divides the same on the safe-integer path as on the bigint path (property)', () => {
      const rng = new Rng(42);
      for (let i = 0; i < 2000; i++) {
        const a = String(rng.int(-1e6, 1e6)) + (rng.next() < 0.5 ? `.${rng.int(0, 999999)}` : '');
        const b = String(rng.int(-5000, 5000));
        const per = [1, 1000][rng.int(0, 1)];
        const decimals = rng.int(0, 6);
        const fast = divideDecimals(parseDecimal(a)!, parseDecimal(b)!, decimals, per);
        // Forcing bigint units takes the slow path.
        const big = (t: string) => ({ ...parseDecimal(t)!, units: BigInt(parseDecimal(t)!.units) });
        assert.equal(fast, divideDecimals(big(a), big(b), decimals, per), `${a} / ${b} × ${per} @${decimals}`);
      }
    });

    it('multiplies exactly, with a shift for prices per million', () => {
      const mul = (a: string, b: string, shift?: number) =>
        formatDecimal(multiplyDecimals(parseDecimal(a)!, parseDecimal(b)!, shift));
      assert.equal(mul('0.1', '0.2'), '0.02');
      assert.equal(mul('1210000', '0.30', 6), '0.363');
      assert.equal(mul('3', '0.0028', 6), '0.0000000084');
      assert.equal(mul('-2.5', '4'), '-10');
      // Beyond 2^53 the product moves to bigint and stays exact.
      assert.equal(mul('9007199254740993', '3'), '27021597764222979');
      assert.equal(mul('123456789012345', '0.000001', 6), '123.456789012345');
    });

    it('negates exactly, never giving -0', () => {
      assert.equal(formatDecimal(negateDecimal(parseDecimal('1.25')!)), '-1.25');
      assert.equal(formatDecimal(negateDecimal(parseDecimal('0')!)), '0');
      assert.equal(Object.is(negateDecimal(parseDecimal('0')!).units, -0), false);
    });

    it('formats units without exponent or trailing zeros', () => {
      assert.equal(formatUnits(1n, 6), '0.000001');
      assert.equal(formatUnits(-500000n, 6), '-0.5');
      assert.equal(formatUnits(1230n, 1), '123');
      assert.equal(formatUnits(0n, 3), '0');
    });
  });

  it('a single value keeps its own text only where that text is already the canonical one', () => {
    const rng = new Rng(7);
    const parts = ['', '-', '+', '0', '00', '1', '9', '10', '.', '.0', '.5', '5.', '50', '0.50', '1e3', '-0', 'e'];
    const texts = ['-0', '-0.0', '0', '0.0', '-0.5', '1.10', '+1', '007', '.5', '5.', '1e3', '12345678901234567890.1'];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      for (let n = rng.int(1, 4); n > 0; n--) text += parts[rng.int(0, parts.length - 1)];
      texts.push(text);
    }
    for (const text of texts) {
      const d = parseDecimal(text);
      if (!d) continue;
      for (const aggregate of ['sum', 'min', 'max'] as const)
        assert.equal(singleValueResult(aggregate, d, text), formatDecimal(d), JSON.stringify(text));
    }
    const kept = '1234.5';
    assert.equal(singleValueResult('sum', parseDecimal(kept)!, kept), kept);
  });
});

function randomDecimal(random: () => number): string {
  const kind = random();
  const sign = random() < 0.2 ? '-' : '';
  if (kind < 0.3) return sign + String(Math.floor(random() * 1e6));
  if (kind < 0.5) return sign + randomDigits(random, 16 + Math.floor(random() * 10)); // beyond 2^53
  const whole = String(Math.floor(random() * 1e4));
  const fraction = randomDigits(random, 1 + Math.floor(random() * 12));
  return `${sign}${whole}.${fraction}`;
}

function randomDigits(random: () => number, count: number): string {
  let text = String(1 + Math.floor(random() * 9));
  while (text.length < count) text += String(Math.floor(random() * 10));
  return text;
}
