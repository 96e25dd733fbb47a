import { escapeXmlAttribute, escapeXmlText } from '../feed/xml-escape.ts';
import { siteMessagesFor } from './site-messages.ts';

/**
 * The XSLT 1.0 stylesheet every RSS and Atom document names in `<?xml-stylesheet?>`, so a person
 * who opens a feed URL in a browser gets a page that explains what a feed is, instead of raw XML.
 * It is rendered in TypeScript, not an `.xsl` file, so the Lambda bundle carries it with no loader
 * configuration; the site publisher writes it to its publication's `assets/feed.xsl` (once:
 * unchanged bytes are never PUT). The document itself is untouched data: readers ignore the
 * processing instruction, and a browser without XSLT shows the XML as it is.
 *
 * Each publication's stylesheet speaks its language: the page's own texts, `lang` and `dir` come
 * from the site's messages (`dir="rtl"` for Persian), so the layout mirrors. The feed's title,
 * description and items take their direction from their own text (`dir="auto"`), and carry the
 * feed's `lang` when the page's texts are in another language.
 *
 * One page template serves both formats: RSS 2.0 (`/rss/channel`) and Atom 1.0 (`/atom:feed`) are
 * mapped onto the same parameters; both carry their self and archive links as `atom:link`. The
 * newest archive page's `next-archive` is the current feed, already linked as such: shown once.
 * The banner links the feed's subscribe page, beside the subscription document (an archive page
 * names that document as `current`); every feed has one, so the link is derived, not carried.
 * Text only (`xsl:value-of`, never `disable-output-escaping`): summaries come from partner feeds.
 * RSS descriptions are HTML holding plain text escaped for it (`&amp;`, `&lt;`, `&gt;` only), so
 * the page decodes those three and writes the result as text: the reader sees the text literally.
 */
export function renderFeedStylesheet(siteLanguage: string): string {
  const messages = siteMessagesFor(siteLanguage);
  const titleSlot = '<xsl:value-of select="$title"/>';
  const formatSlot = '<xsl:value-of select="$format"/>';
  return String.raw`<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  exclude-result-prefixes="atom dc">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:apply-templates select="rss/channel | atom:feed"/>
  </xsl:template>

  <xsl:template match="rss/channel">
    <xsl:call-template name="page">
      <xsl:with-param name="format" select="'RSS'"/>
      <xsl:with-param name="fileName" select="'rss.xml'"/>
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="description">
        <xsl:call-template name="text-of-escaped-html"><xsl:with-param name="html" select="string(description)"/></xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="language" select="language"/>
      <xsl:with-param name="homeUrl" select="link"/>
      <xsl:with-param name="links" select="atom:link"/>
      <xsl:with-param name="items" select="item"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="atom:feed">
    <xsl:call-template name="page">
      <xsl:with-param name="format" select="'Atom'"/>
      <xsl:with-param name="fileName" select="'atom.xml'"/>
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="description" select="atom:subtitle"/>
      <xsl:with-param name="language" select="@xml:lang"/>
      <xsl:with-param name="homeUrl" select="atom:link[@rel = 'alternate']/@href"/>
      <xsl:with-param name="links" select="atom:link"/>
      <xsl:with-param name="items" select="atom:entry"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="format"/>
    <xsl:param name="fileName"/>
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="language"/>
    <xsl:param name="homeUrl"/>
    <xsl:param name="links"/>
    <xsl:param name="items"/>
    <xsl:variable name="feedUrl" select="$links[@rel = 'self']/@href"/>
    <xsl:variable name="currentUrl">
      <xsl:choose>
        <xsl:when test="$links[@rel = 'current']"><xsl:value-of select="$links[@rel = 'current']/@href"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$feedUrl"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="folderLength" select="string-length($currentUrl) - string-length($fileName)"/>
    <xsl:variable name="primaryLanguage" select="translate(substring-before(concat($language, '-'), '-'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
    <html lang="${messages.language}" dir="${messages.direction}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>${withSlots(messages.feedViewTitle(SLOT_1, SLOT_2), titleSlot, formatSlot)}</title>
        <style>
          :root { color-scheme: light dark; --muted: #57606a; --line: #d0d7de; --accent: #0a58ca; --banner: #fff8c5; }
          @media (prefers-color-scheme: dark) { :root { --muted: #9da7b3; --line: #30363d; --accent: #6cb6ff; --banner: #3b2e00; } }
          body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif; }
          header, main, nav { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
          a { color: var(--accent); }
          .banner { background: var(--banner); border-bottom: 1px solid var(--line); padding: 1rem; }
          .banner p { max-width: 48rem; margin: .25rem auto; }
          .banner code { display: block; overflow-wrap: anywhere; padding: .5rem; margin-top: .25rem; border: 1px solid var(--line); border-radius: .25rem; background: Canvas; user-select: all; }
          .description, .meta { color: var(--muted); }
          article { border-bottom: 1px solid var(--line); padding: 1rem 0; }
          article h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
          article p { margin: .25rem 0; }
          .archive ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
        </style>
      </head>
      <body>
        <aside class="banner" aria-label="${attribute(messages.aboutThisPage)}">
          <p><strong>${text(messages.thisIsAWebFeed)}</strong>${withSlots(messages.webFeedExplained(SLOT_1), formatSlot)}</p>
          <p><code id="feed-url" dir="ltr"><xsl:value-of select="$feedUrl"/></code></p>
          <xsl:if test="$folderLength &gt; 0 and substring($currentUrl, $folderLength + 1) = $fileName">
            <p><a id="subscribe-page" href="{concat(substring($currentUrl, 1, $folderLength), 'subscribe.html')}">${text(messages.subscribeInOneClick)}</a></p>
          </xsl:if>
        </aside>
        <header>
          <xsl:call-template name="feed-language"><xsl:with-param name="language" select="$language"/><xsl:with-param name="primaryLanguage" select="$primaryLanguage"/></xsl:call-template>
          <h1 dir="auto"><xsl:value-of select="$title"/></h1>
          <p class="description" dir="auto"><xsl:value-of select="$description"/></p>
          <xsl:if test="string($homeUrl)">
            <p><a href="{$homeUrl}">${text(messages.visitWebsite)}</a></p>
          </xsl:if>
        </header>
        <main>
          <xsl:call-template name="feed-language"><xsl:with-param name="language" select="$language"/><xsl:with-param name="primaryLanguage" select="$primaryLanguage"/></xsl:call-template>
          <xsl:if test="not($items)"><p>${text(messages.noItemsYet)}</p></xsl:if>
          <xsl:apply-templates select="$items"/>
        </main>
        <xsl:if test="$links[@rel = 'prev-archive' or @rel = 'next-archive' or @rel = 'current']">
          <nav class="archive" aria-label="${attribute(messages.feedArchive)}">
            <ul>
              <xsl:for-each select="$links[@rel = 'current']">
                <li><a rel="current" href="{@href}">${text(messages.currentFeed)}</a></li>
              </xsl:for-each>
              <xsl:for-each select="$links[@rel = 'next-archive'][not(@href = $links[@rel = 'current']/@href)]">
                <li><a rel="next" href="{@href}">${text(messages.newerItems)}</a></li>
              </xsl:for-each>
              <xsl:for-each select="$links[@rel = 'prev-archive']">
                <li><a rel="prev" href="{@href}">${text(messages.olderItems)}</a></li>
              </xsl:for-each>
            </ul>
          </nav>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <xsl:call-template name="entry">
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="url" select="link"/>
      <xsl:with-param name="date" select="pubDate"/>
      <xsl:with-param name="author" select="dc:creator | author"/>
      <xsl:with-param name="summary">
        <xsl:call-template name="text-of-escaped-html"><xsl:with-param name="html" select="string(description)"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:call-template name="entry">
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="url" select="atom:link[@rel = 'alternate' or not(@rel)]/@href"/>
      <xsl:with-param name="date">
        <xsl:for-each select="(atom:published | atom:updated)[1]">
          <xsl:value-of select="concat(translate(substring(., 1, 16), 'T', ' '), ' UTC')"/>
        </xsl:for-each>
      </xsl:with-param>
      <xsl:with-param name="author" select="atom:author/atom:name"/>
      <xsl:with-param name="summary" select="atom:summary"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="entry">
    <xsl:param name="title"/>
    <xsl:param name="url"/>
    <xsl:param name="date"/>
    <xsl:param name="author"/>
    <xsl:param name="summary"/>
    <article dir="auto">
      <h2>
        <xsl:choose>
          <xsl:when test="string($url)"><a href="{$url}"><xsl:value-of select="$title"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <p class="meta">
        <xsl:value-of select="$date"/>
        <xsl:for-each select="$author">
          <xsl:text> · </xsl:text><xsl:value-of select="."/>
        </xsl:for-each>
      </p>
      <xsl:if test="string($summary)"><p><xsl:value-of select="$summary"/></p></xsl:if>
    </article>
  </xsl:template>

  <!-- The feed's language on its texts, when the page's own texts are in another one. -->
  <xsl:template name="feed-language">
    <xsl:param name="language"/>
    <xsl:param name="primaryLanguage"/>
    <xsl:if test="string($language) and $primaryLanguage != '${messages.language}'">
      <xsl:attribute name="lang"><xsl:value-of select="$language"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- One entity at a time, left to right, so '&amp;lt;' becomes the text '&lt;' and not '<'. -->
  <xsl:template name="text-of-escaped-html">
    <xsl:param name="html"/>
    <xsl:choose>
      <xsl:when test="contains($html, '&amp;')">
        <xsl:value-of select="substring-before($html, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($html, '&amp;')"/>
        <xsl:variable name="entity" select="substring-before($rest, ';')"/>
        <xsl:choose>
          <xsl:when test="$entity = 'amp'">&amp;</xsl:when>
          <xsl:when test="$entity = 'lt'">&lt;</xsl:when>
          <xsl:when test="$entity = 'gt'">&gt;</xsl:when>
          <xsl:otherwise>&amp;</xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="text-of-escaped-html">
          <xsl:with-param name="html">
            <xsl:choose>
              <xsl:when test="$entity = 'amp' or $entity = 'lt' or $entity = 'gt'"><xsl:value-of select="substring-after($rest, ';')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$rest"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$html"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
`;
}

/** Stand-ins (private-use characters) for the XSL a message is built around, which escaping leaves alone. */
const SLOT_1 = '\uE000';
const SLOT_2 = '\uE001';

/** A message's text, escaped, with its first and second slot replaced by these XSL instructions. */
function withSlots(message: string, first: string, second = ''): string {
  return text(message).replace(SLOT_1, first).replace(SLOT_2, second);
}

function text(message: string): string {
  return escapeXmlText(message);
}

/** A literal result element's attribute is an attribute value template: braces are doubled. */
function attribute(message: string): string {
  return escapeXmlAttribute(message).replace(/[{}]/g, (brace) => brace + brace);
}
