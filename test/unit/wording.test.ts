import { isCourteous, reminderTitle } from '../../cloudfunctions/api/src/disclosure/wording';

describe('arrears reminders never threaten to cut services (seed 000 (五) 3)', () => {
  test.each(['逾期将停水停电', '如不缴费将暂停供暖', '欠费将切断燃气', '三日内未缴纳将限电', '我们将停止供水'])('“%s” is refused', (text) => {
    expect(isCourteous(text)).toBe(false);
  });

  test.each(['物业服务费 ¥223.75', '您好，您的物业服务费账单已出，请及时缴纳，如有疑问请联系物业服务中心', '停车场收费说明'])('“%s” passes', (text) => {
    expect(isCourteous(text)).toBe(true);
  });

  test('the fixed reminder passes, and says by when within a message field’s 20 characters', () => {
    const title = reminderTitle('1234.50', '2027-01-05');
    expect(title).toBe('¥1234.50 请于1月5日前缴纳');
    expect(isCourteous(title)).toBe(true);
    expect(Array.from(reminderTitle('9999.99', '2027-12-31')).length).toBeLessThanOrEqual(20);
  });
});
