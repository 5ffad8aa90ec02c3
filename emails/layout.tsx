import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components'
import type { CSSProperties, ReactNode } from 'react'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'

// Colours chosen for contrast on white: text 14:1, muted text 7.5:1, white on the button green 6.3:1 (WCAG AA).
const colors = {
  text: '#1f2933',
  muted: '#4b5563',
  brand: '#0b6e4f',
  link: '#0b5c43',
  page: '#f3f5f4',
  rule: '#d9dfdc',
}
const fontFamily = "Arial, 'Helvetica Neue', Helvetica, sans-serif"

const styles = {
  body: { backgroundColor: colors.page, margin: 0, padding: '24px 0', fontFamily },
  container: {
    backgroundColor: '#ffffff',
    maxWidth: '560px',
    margin: '0 auto',
    padding: '32px',
    borderRadius: '8px',
  },
  brand: { color: colors.brand, fontSize: '20px', fontWeight: 700, margin: '0 0 24px' },
  heading: { color: colors.text, fontSize: '22px', lineHeight: '30px', fontWeight: 700, margin: '0 0 16px' },
  paragraph: { color: colors.text, fontSize: '16px', lineHeight: '26px', margin: '0 0 16px' },
  muted: { color: colors.muted, fontSize: '14px', lineHeight: '22px', margin: '0 0 12px' },
  buttonSection: { margin: '8px 0 24px' },
  button: {
    backgroundColor: colors.brand,
    color: '#ffffff',
    fontSize: '16px',
    fontWeight: 700,
    textDecoration: 'none',
    borderRadius: '6px',
    padding: '12px 20px',
    display: 'inline-block',
  },
  url: { color: colors.link, fontSize: '14px', lineHeight: '22px', margin: '0 0 16px', wordBreak: 'break-all' },
  rule: { borderColor: colors.rule, margin: '24px 0 16px' },
  footer: { color: colors.muted, fontSize: '13px', lineHeight: '20px', margin: 0 },
} satisfies Record<string, CSSProperties>

/** Paragraph styles for templates, so every message reads the same. */
export const textStyles = { paragraph: styles.paragraph, muted: styles.muted }

type LayoutProps = { locale: Locale; preview: string; heading: string; children: ReactNode }

/** The frame shared by every email: brand, heading, body, and the "sent by Hòa Nhập" footer. */
export function EmailLayout({ locale, preview, heading, children }: LayoutProps) {
  const t = getEmailTranslator(locale)
  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{t('common.brand')}</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr style={styles.rule} />
          <Text style={styles.footer}>{`${t('common.footerSentBy')} ${t('common.footerIgnore')}`}</Text>
        </Container>
      </Body>
    </Html>
  )
}

type ActionLinkProps = { locale: Locale; url: string; label: string }

/**
 * The call-to-action button, followed by the same link printed in full: some mail clients block
 * buttons, and screen-reader users and plain-text readers need the address itself.
 */
export function ActionLink({ locale, url, label }: ActionLinkProps) {
  const t = getEmailTranslator(locale)
  return (
    <>
      <Section style={styles.buttonSection}>
        <Button href={url} style={styles.button}>
          {label}
        </Button>
      </Section>
      <Text style={styles.muted}>{t('common.linkFallback')}</Text>
      <Text style={styles.url}>
        <Link href={url} style={{ color: colors.link, textDecoration: 'underline' }}>
          {url}
        </Link>
      </Text>
    </>
  )
}
