import { requiredExtinguishers } from '../../miniprogram/shared/renovation';

describe('extinguishers on a renovation site: one per 50 m², a remainder counting as 50 m²', () => {
  test.each([
    [1, 1],
    [100, 1],
    [5000, 1],
    [5001, 2],
    [5100, 2],
    [10000, 2],
    [10001, 3],
    [10100, 3],
  ])('%i hundredths of a m² need %i', (areaCenti, count) => {
    expect(requiredExtinguishers(areaCenti)).toBe(count);
  });

  test.each([0, -100, 50.5, Number.NaN])('a floor area of %p is refused', (areaCenti) => {
    expect(() => requiredExtinguishers(areaCenti)).toThrow(RangeError);
  });
});
