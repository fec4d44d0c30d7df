<?xml version="1.0" encoding="utf-8"?>
<!-- Shows a feed (Atom or RSS) as a readable page when it is opened in a browser.
     Feed readers ignore this file. Links are relative to the feed (feeds/*.xml). -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="home" select="(/atom:feed/atom:link[not(@rel) or @rel='alternate']/@href | /rss/channel/link)[1]"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Feed: <xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="../theme/css/main.css"/>
        <link rel="icon" href="../favicon.svg" type="image/svg+xml"/>
      </head>
      <body>
        <main id="main" class="site-main">
          <h1>This is a feed of <xsl:value-of select="$title"/></h1>
          <div class="feed-intro flow">
            <p>A feed lets you follow this blog in a feed reader app, without signing up or
              giving your email address. The app checks the feed for you and shows each new
              article when it is published.</p>
            <p>To subscribe, copy this page’s address from your browser’s address bar and
              paste it into your feed reader. Many free readers exist for phones and computers.</p>
            <p><a href="{$home}">Go back to the blog</a></p>
          </div>
          <h2>Articles in this feed</h2>
          <ol class="post-list feed-entries">
            <xsl:for-each select="/atom:feed/atom:entry | /rss/channel/item">
              <li class="post-list-item">
                <h3 class="post-summary-title">
                  <a href="{(atom:link[not(@rel) or @rel='alternate']/@href | link)[1]}"><xsl:value-of select="atom:title | title"/></a>
                </h3>
                <p class="post-summary-date"><xsl:value-of select="substring(atom:published | atom:updated[not(../atom:published)] | pubDate, 1, 16)"/></p>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
