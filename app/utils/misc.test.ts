import { describe, expect, it } from 'vitest'
import { slugify } from './misc'

describe('slugify', () => {
  it('writes German umlauts as German does without them, drops a diaeresis after a vowel and other accents, and joins words with hyphens', () => {
    expect(slugify('Grüße aus Köln')).toBe('gruesse-aus-koeln')
    expect(slugify('ÄRZTE ÖFFNEN Übungsräume')).toBe('aerzte-oeffnen-uebungsraeume')
    // the same name typed with combining marks (as some keyboards and pasted text send it)
    expect(slugify('Ko\u0308ln')).toBe('koeln')
    expect(slugify('Café à Liège — atelier')).toBe('cafe-a-liege-atelier')
    // after a vowel the dots are a diaeresis (Dutch, French): dropped
    expect(slugify('Coöperatie De Ruïne')).toBe('cooperatie-de-ruine')
    expect(slugify('Noël à Saint-Saëns')).toBe('noel-a-saint-saens')
    expect(slugify('★★')).toBe('')
  })
})
