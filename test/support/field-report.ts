/**
 * An item's plain values as an editor might file a report: right-to-left and Cyrillic text,
 * every kind of DynamoDB value (sets, binary, null, nested maps and lists) and two attributes
 * left undefined, which the DocumentClient's `removeUndefinedValues` leaves out.
 */
export function fieldReport() {
  return {
    title: 'حق اعتراض: یادداشت‌های یک ناظر از میدان',
    summary: 'Право на мирный протест — заметки наблюдателя',
    body: 'Observers counted 212 people held overnight; lawyers were turned away at the gate. ✊🏽',
    wordCount: 1834,
    rating: -2.75,
    largestSafe: Number.MAX_SAFE_INTEGER,
    published: true,
    embargoed: false,
    editor: null,
    tags: new Set(['assembly', 'detention', 'press-freedom']),
    revisions: new Set([1, 2, 3.5]),
    signature: new Uint8Array([0, 1, 127, 128, 255]),
    sources: [{ name: 'Field team', verified: true, contacts: ['desk', 'legal aid'] }, 'unnamed witness', 7, null],
    location: { city: 'Almaty', coordinates: [43.238, 76.889], names: { ru: 'площадь Республики', fa: 'میدان جمهوری' }, note: undefined },
    correction: undefined,
  };
}

/** The report as DynamoDB stores it: without its undefined attributes. */
export function storedFieldReport() {
  const { correction: _, location: { note: __, ...location }, ...rest } = fieldReport();
  return { ...rest, location };
}
