import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { DecodeError, decodeBody } from '../../../shared/ingest/decode/decode-body.ts';
import { readFixture } from '../../support/fixture-feed-server.ts';

const CYRILLIC = 'Суд отложил заседание';

describe('charset decoding', () => {
  it('reads windows-1251 from the XML declaration when the header names no charset', async () => {
    const decoded = decodeBody(await readFixture('cyrillic.windows-1251.rss.xml'), 'text/xml');
    expect(decoded).toMatchObject({ charset: 'windows-1251', charsetSource: 'xml-declaration' });
    expect(decoded.text).toContain(`${CYRILLIC} по делу журналиста`);
    expect(decoded.text).toContain('«наказанием без приговора»');
  });

  it('reads GBK from the Content-Type charset', async () => {
    const decoded = decodeBody(await readFixture('chinese.gbk.rss.xml'), 'application/rss+xml; charset=GBK');
    expect(decoded).toMatchObject({ charset: 'gbk', charsetSource: 'content-type' });
    expect(decoded.text).toContain('霍尔果斯口岸货车排队超过六百辆');
  });

  it('prefers the Content-Type charset over the declaration (RFC 7303)', () => {
    const body = iconv.encode(`<?xml version="1.0" encoding="utf-8"?><t>${CYRILLIC}</t>`, 'koi8-r');
    expect(decodeBody(body, 'text/xml; charset="KOI8-R"').text).toContain(CYRILLIC);
  });

  it('trusts the declaration when a header claims UTF-8 for bytes that are not UTF-8', async () => {
    const decoded = decodeBody(await readFixture('chinese.gbk.rss.xml'), 'application/xml; charset=utf-8');
    expect(decoded.charsetSource).toBe('xml-declaration');
    expect(decoded.text).toContain('司机们说他们已经等了五天');
  });

  it('lets a byte order mark decide, and removes it', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0"?><t>Ok</t>', 'utf16le')]);
    expect(decodeBody(utf16, 'text/xml; charset=iso-8859-1')).toMatchObject({ text: '<?xml version="1.0"?><t>Ok</t>', charsetSource: 'bom' });
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
    expect(decodeBody(utf8, undefined).text).toBe('{"a":1}');
  });

  it.each([
    ['utf-16le-no-bom.rss.xml', 'utf-16le', 'first-bytes', 'Суд журналистни озод қилди'],
    ['utf-16be-no-bom.atom.xml', 'utf-16be', 'first-bytes', 'Ҳуқуқ ҳимоячиси сафардан қайтарилди'],
    ['utf-32le-no-bom.rss.xml', 'utf-32le', 'first-bytes', 'Фермерлар ер учун судга мурожаат қилди'],
    ['utf-32be-no-bom.atom.xml', 'utf-32be', 'first-bytes', 'Блогер жаримага тортилди'],
    ['utf-32le-bom.rss.xml', 'utf-32le', 'bom', 'Маҳбуслар очлик эълон қилди'],
    ['utf-32be-bom.atom.xml', 'utf-32be', 'bom', 'Талабалар озодликка чиқди'],
  ])('reads %s by its first bytes (XML 1.0 Appendix F), whatever the header claims', async (name, charset, charsetSource, title) => {
    const decoded = decodeBody(await readFixture(`wellformed/${name}`), 'application/xml; charset=utf-8');
    expect(decoded).toMatchObject({ charset, charsetSource });
    expect(decoded.text.startsWith('<?xml version="1.0"')).toBe(true);
    expect(decoded.text).toContain(`<title>${title}</title>`);
  });

  it('defaults to UTF-8', () => {
    expect(decodeBody(Buffer.from(`{"title":"${CYRILLIC}"}`), 'application/json')).toMatchObject({ charset: 'utf-8', charsetSource: 'default' });
  });

  it('refuses a charset it does not know instead of guessing', () => {
    expect(() => decodeBody(Buffer.from('<x/>'), 'text/xml; charset=x-klingon')).toThrow(DecodeError);
  });

  it.each([
    ['koi8-r', CYRILLIC],
    ['koi8-u', 'Суд відклав засідання'],
    ['ibm866', CYRILLIC],
    ['gb18030', '霍尔果斯口岸货车排队 𠀀'],
    ['big5', '記者被拘留'],
    ['shift_jis', '記者が拘束された'],
    ['euc-jp', '記者が拘束された'],
    ['euc-kr', '기자가 구금되었다'],
    ['windows-1256', 'روزنامه‌نگار بازداشت شد'],
    ['iso-8859-2', 'Sąd odroczył rozprawę'],
  ])('reads %s named in the XML declaration', (charset, text) => {
    const body = iconv.encode(`<?xml version="1.0" encoding="${charset}"?><t>${text}</t>`, charset);
    expect(decodeBody(body, 'text/xml')).toMatchObject({ text: `<?xml version="1.0" encoding="${charset}"?><t>${text}</t>`, charset });
  });

  it.each(['windows-1252', 'ISO-8859-1', 'us-ascii'])('reads %s as windows-1252, as browsers do: its bytes 0x80-0x9F are curly quotes and dashes in practice', (label) => {
    const body = Buffer.from([...Buffer.from('<t>'), 0x93, ...Buffer.from('caf'), 0xe9, 0x94, 0x96, 0x81, ...Buffer.from('</t>')]);
    expect(decodeBody(body, `text/xml; charset=${label}`).text).toBe('<t>\u201Ccafé\u201D\u2013\u0081</t>');
  });

  it('refuses the labels the Encoding Standard maps to its replacement decoder instead of returning one U+FFFD', () => {
    expect(() => decodeBody(Buffer.from('<x/>'), 'text/xml; charset=iso-2022-kr')).toThrow(DecodeError);
    expect(() => decodeBody(Buffer.from('<x/>'), 'text/xml; charset=hz-gb-2312')).toThrow(DecodeError);
  });

  it('reads a UTF-32 label without a byte order mark as big-endian, and marks units that are not characters', () => {
    const units = [0x3c, 0x74, 0x3e, 0x1f600, 0xd800, 0x110000, 0x3c, 0x2f, 0x74, 0x3e];
    const body = Buffer.alloc(units.length * 4 + 2);
    units.forEach((unit, index) => body.writeUInt32BE(unit, index * 4));
    expect(decodeBody(body, 'text/xml; charset=utf-32').text).toBe('<t>\u{1F600}\uFFFD\uFFFD</t>\uFFFD');
  });
});
