/** Written into every feed; fixed text, so it never changes the bytes between two renders. */
export const FEED_GENERATOR = 'Feedline';
