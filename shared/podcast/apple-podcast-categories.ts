/**
 * Apple Podcasts categories and their subcategories, spelled as `itunes:category text` must be
 * (Apple's "Podcast categories" list). A show naming anything else is refused when it is saved:
 * Apple rejects a feed with an unknown category, and a typo would only surface there.
 */
export const APPLE_PODCAST_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ['Books', 'Design', 'Fashion & Beauty', 'Food', 'Performing Arts', 'Visual Arts'],
  Business: ['Careers', 'Entrepreneurship', 'Investing', 'Management', 'Marketing', 'Non-Profit'],
  Comedy: ['Comedy Interviews', 'Improv', 'Stand-Up'],
  Education: ['Courses', 'How To', 'Language Learning', 'Self-Improvement'],
  Fiction: ['Comedy Fiction', 'Drama', 'Science Fiction'],
  Government: [],
  History: [],
  'Health & Fitness': ['Alternative Health', 'Fitness', 'Medicine', 'Mental Health', 'Nutrition', 'Sexuality'],
  'Kids & Family': ['Education for Kids', 'Parenting', 'Pets & Animals', 'Stories for Kids'],
  Leisure: ['Animation & Manga', 'Automotive', 'Aviation', 'Crafts', 'Games', 'Hobbies', 'Home & Garden', 'Video Games'],
  Music: ['Music Commentary', 'Music History', 'Music Interviews'],
  News: ['Business News', 'Daily News', 'Entertainment News', 'News Commentary', 'Politics', 'Sports News', 'Tech News'],
  'Religion & Spirituality': ['Buddhism', 'Christianity', 'Hinduism', 'Islam', 'Judaism', 'Religion', 'Spirituality'],
  Science: ['Astronomy', 'Chemistry', 'Earth Sciences', 'Life Sciences', 'Mathematics', 'Natural Sciences', 'Nature', 'Physics', 'Social Sciences'],
  'Society & Culture': ['Documentary', 'Personal Journals', 'Philosophy', 'Places & Travel', 'Relationships'],
  Sports: [
    'Baseball', 'Basketball', 'Cricket', 'Fantasy Sports', 'Football', 'Golf', 'Hockey', 'Rugby', 'Running', 'Soccer', 'Softball', 'Swimming',
    'Tennis', 'Volleyball', 'Wilderness', 'Wrestling',
  ],
  Technology: [],
  'True Crime': [],
  'TV & Film': ['After Shows', 'Film History', 'Film Interviews', 'Film Reviews', 'TV Reviews'],
};

/** Why a category pair is not Apple's, or undefined when it is. */
export function appleCategoryProblem(name: string, subcategory: string | undefined): string | undefined {
  const subcategories = APPLE_PODCAST_CATEGORIES[name];
  if (subcategories === undefined) return `"${name}" is not an Apple Podcasts category; one of: ${Object.keys(APPLE_PODCAST_CATEGORIES).join(', ')}`;
  if (subcategory === undefined || subcategories.includes(subcategory)) return undefined;
  if (subcategories.length === 0) return `"${name}" has no subcategories`;
  return `"${subcategory}" is not a subcategory of ${name}; one of: ${subcategories.join(', ')}`;
}
