import type { Random } from './random.js';

/**
 * Made-up customers for the simulation. They carry personal data on purpose (a name, a
 * mobile number, an address) so the demo exercises the PRIVACY rule: nothing the demo prints
 * shows them unmasked.
 */
export interface Customer {
  readonly name: string;
  readonly phone: string;
  readonly address: string;
  readonly member: boolean;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英'];
const DISTRICTS = ['朝阳区', '海淀区', '东城区', '西城区', '丰台区', '通州区'];
const STREETS = ['建国路', '中关村大街', '望京街', '长安街', '学院路', '光华路'];
const PREFIXES = ['138', '139', '150', '151', '186', '188', '135', '137'];

/** Every surname and given name the generator uses (tests scan the output for them). */
export const customerNameParts = { surnames: SURNAMES, given: GIVEN } as const;

/** A made-up customer, drawn from `random`. */
export function makeCustomer(random: Random): Customer {
  const digits = Array.from({ length: 8 }, () => random.int(0, 9)).join('');
  const phone = `+86 ${random.pick(PREFIXES)} ${digits.slice(0, 4)} ${digits.slice(4)}`;
  return {
    name: `${random.pick(SURNAMES)}${random.pick(GIVEN)}`,
    phone,
    address: `北京市${random.pick(DISTRICTS)}${random.pick(STREETS)}${random.int(1, 300)}号`,
    member: random.chance(0.6),
  };
}

/**
 * A name as it may be shown: the surname, then one `*` per remaining character.
 *
 * @example
 * maskName('王秀英') //=> '王**'
 */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/**
 * A phone number as it may be shown: the first three and last four digits of the national
 * number (the usual 138****8000 form).
 *
 * @example
 * maskPhone('+86 138 0013 8000') //=> '138****8000'
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return digits.length < 8 ? '****' : `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
