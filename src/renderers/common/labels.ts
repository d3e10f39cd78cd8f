import type { Article, RenderContext } from '../../types.js';
import { safeLocale } from './language.js';

/*
 * Every word the editions generate (as opposed to the article's own words), by
 * message id, in every language the pipeline speaks. `{name}` marks where a
 * value goes; a label that depends on a count (of authors, tags, corrections)
 * has a form for one, for two in a language with a dual, and for more.
 */

/**
 * A label by how many things it names, a count it never prints: for one, for two (Arabic's and Hebrew's dual), and for
 * any other number (`other`, required). Not CLDR's plural categories, which are the forms after a written number: a
 * heading of 21 corrections is "Исправления", where "21 исправление" takes the singular.
 */
export interface PluralForms {
  readonly one?: string;
  readonly two?: string;
  readonly other: string;
}

export type LabelValue = string | PluralForms;

const english = {
  /** Under the headline; counted by authors. */
  byline: 'By {names}' as LabelValue,
  /** The wire's dateline: the front matter's `dateline`, then its `credit` ("MUNICH, Germany (AFP)"). */
  dateline: '{place} ({credit})' as LabelValue,
  /**
   * Text edition: the dateline where it opens the first paragraph, "MUNICH, Germany (AFP) — ". Chinese and Japanese set
   * a full-width space after it, as Xinhua's and the People's Daily's "新华社北京12月7日电　", no dash.
   */
  datelineLead: '{dateline} — ' as LabelValue,
  /** Closing line; counted by tags. */
  tags: { one: 'Tag: {tags}', other: 'Tags: {tags}' } as LabelValue,
  /** Between tags. */
  tagSeparator: ', ' as LabelValue,
  publishedBy: 'Published by {publisher}' as LabelValue,
  /** Heading of the footnotes. */
  footnotes: 'Footnotes' as LabelValue,
  /** Accessible name of a footnote's link back to where it is cited ("1", or "1-2" for its second citation). */
  footnoteBackReference: 'Back to reference {reference}' as LabelValue,
  /** EPUB navigation: the table of contents' heading. */
  contents: 'Contents' as LabelValue,
  /** EPUB navigation: the landmarks' heading. */
  landmarks: 'Landmarks' as LabelValue,
  /** EPUB navigation: the entry of the article's body. */
  article: 'Article' as LabelValue,
  /** PDF: the alternative text of a figure whose image has none. */
  image: 'Image' as LabelValue,
  /** In place of an image an edition cannot show. */
  imageStandIn: '[Image: {alt}]' as LabelValue,
  imageStandInWithoutAlt: '[Image]' as LabelValue,
  /** Text edition: a table's caption. */
  tableCaption: 'Table: {caption}' as LabelValue,
  /** HTML page and EPUB: the accessible name of the box a table scrolls sideways in, numbered in the article's order (landmarks' names differ). */
  table: 'Table {number}' as LabelValue,
  /** HTML page: the accessible name of a code block, which scrolls sideways, numbered in the article's order apart from the tables. */
  codeBlock: 'Code block {number}' as LabelValue,
  /** Text edition: heading of the list of link addresses. */
  links: 'Links' as LabelValue,
  /** PDF: the page number at the foot of a page. */
  folio: '{page} / {pages}' as LabelValue,
  /** EPUB accessibility summary, sentence by sentence. */
  accessibilityStructure: 'An article with a title page, a navigation document listing every heading, and semantic sections.' as LabelValue,
  accessibilityNotes: 'Footnotes are linked notes.' as LabelValue,
  accessibilityNoImages: 'It has no images.' as LabelValue,
  accessibilityImagesDescribed: 'Every image has alternative text.' as LabelValue,
  accessibilityImagesUndescribed:
    'Some images have no alternative text, so the text alone does not convey everything and no WCAG conformance is claimed.' as LabelValue,
  accessibilityReflow: 'Text can be restyled and reflowed by the reading system. No hazards.' as LabelValue,
  /** Index page: its headline, the accessible name of an article's edition links, the page without articles. */
  collectionTitle: 'Articles' as LabelValue,
  editions: 'Editions: {title}' as LabelValue,
  noArticles: 'No article has been published yet.' as LabelValue,
  /** Index page: before the links to a story's versions in other languages, each named in its own language. */
  alsoIn: 'Also in: {languages}' as LabelValue,
  /** Index page and feeds: the plain-text edition's name (HTML, PDF and EPUB are names in every language). */
  textEdition: 'Text' as LabelValue,
  /** Heading of the article's correction notices (front matter `corrections`), counted by them. */
  corrections: { one: 'Correction', other: 'Corrections' } as LabelValue,
  /** One correction notice: its date in words, then its text. */
  correction: '{date}: {text}' as LabelValue,
  /** After the date under the headline: the article's last change (front matter `updated`, or its newest correction), its date and time in words. */
  updated: 'Updated {date}' as LabelValue,
};

export type LabelId = keyof typeof english;
export type LabelTable = { readonly [Id in LabelId]: LabelValue };

/** French typography: a no-break space before a colon. */
const nbsp = '\u00a0';

const tables = {
  en: english,
  fr: {
    byline: 'Par {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: `Mot-clé${nbsp}: {tags}`, other: `Mots-clés${nbsp}: {tags}` },
    tagSeparator: ', ',
    publishedBy: 'Publié par {publisher}',
    footnotes: 'Notes',
    footnoteBackReference: 'Retour à l’appel de note {reference}',
    contents: 'Table des matières',
    landmarks: 'Repères',
    article: 'Article',
    image: 'Image',
    imageStandIn: `[Image${nbsp}: {alt}]`,
    imageStandInWithoutAlt: '[Image]',
    tableCaption: `Tableau${nbsp}: {caption}`,
    table: 'Tableau {number}',
    codeBlock: 'Bloc de code {number}',
    links: 'Liens',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Un article avec une page de titre, un document de navigation qui liste chaque intertitre, et des sections sémantiques.',
    accessibilityNotes: 'Les notes de bas de page sont des notes liées.',
    accessibilityNoImages: 'Il ne contient aucune image.',
    accessibilityImagesDescribed: 'Chaque image a un texte de remplacement.',
    accessibilityImagesUndescribed: `Certaines images n’ont pas de texte de remplacement${nbsp}: le texte seul ne transmet donc pas tout, et aucune conformité WCAG n’est revendiquée.`,
    accessibilityReflow: 'Le système de lecture peut changer la mise en forme du texte et le recomposer. Aucun danger.',
    collectionTitle: 'Articles',
    editions: `Éditions${nbsp}: {title}`,
    noArticles: 'Aucun article n’a encore été publié.',
    alsoIn: `Également en${nbsp}: {languages}`,
    textEdition: 'Texte',
    corrections: { one: 'Rectificatif', other: 'Rectificatifs' },
    correction: `{date}${nbsp}: {text}`,
    updated: 'Mis à jour le {date}',
  },
  es: {
    byline: 'Por {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Etiqueta: {tags}', other: 'Etiquetas: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Publicado por {publisher}',
    footnotes: 'Notas',
    footnoteBackReference: 'Volver a la referencia {reference}',
    contents: 'Índice',
    landmarks: 'Puntos de referencia',
    article: 'Artículo',
    image: 'Imagen',
    imageStandIn: '[Imagen: {alt}]',
    imageStandInWithoutAlt: '[Imagen]',
    tableCaption: 'Tabla: {caption}',
    table: 'Tabla {number}',
    codeBlock: 'Bloque de código {number}',
    links: 'Enlaces',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Un artículo con página de título, un documento de navegación que enumera todos los encabezados y secciones semánticas.',
    accessibilityNotes: 'Las notas al pie son notas enlazadas.',
    accessibilityNoImages: 'No contiene imágenes.',
    accessibilityImagesDescribed: 'Todas las imágenes tienen texto alternativo.',
    accessibilityImagesUndescribed:
      'Algunas imágenes no tienen texto alternativo, por lo que el texto por sí solo no lo transmite todo y no se declara conformidad con las WCAG.',
    accessibilityReflow: 'El sistema de lectura puede cambiar el estilo del texto y redistribuirlo. Sin riesgos.',
    collectionTitle: 'Artículos',
    editions: 'Ediciones: {title}',
    noArticles: 'Todavía no se ha publicado ningún artículo.',
    alsoIn: 'También en: {languages}',
    textEdition: 'Texto',
    corrections: 'Fe de errores',
    correction: '{date}: {text}',
    updated: 'Actualizado el {date}',
  },
  de: {
    byline: 'Von {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Schlagwort: {tags}', other: 'Schlagwörter: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Veröffentlicht von {publisher}',
    footnotes: 'Fußnoten',
    footnoteBackReference: 'Zurück zum Verweis {reference}',
    contents: 'Inhaltsverzeichnis',
    landmarks: 'Orientierungspunkte',
    article: 'Artikel',
    image: 'Bild',
    imageStandIn: '[Bild: {alt}]',
    imageStandInWithoutAlt: '[Bild]',
    tableCaption: 'Tabelle: {caption}',
    table: 'Tabelle {number}',
    codeBlock: 'Codeblock {number}',
    links: 'Verweise',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Ein Artikel mit Titelseite, einem Navigationsdokument, das jede Überschrift aufführt, und semantischen Abschnitten.',
    accessibilityNotes: 'Fußnoten sind verlinkte Anmerkungen.',
    accessibilityNoImages: 'Er enthält keine Bilder.',
    accessibilityImagesDescribed: 'Jedes Bild hat einen Alternativtext.',
    accessibilityImagesUndescribed:
      'Einige Bilder haben keinen Alternativtext; der Text allein vermittelt daher nicht alles, und es wird keine WCAG-Konformität beansprucht.',
    accessibilityReflow: 'Das Lesesystem kann den Text umgestalten und neu umbrechen. Keine Gefährdungen.',
    collectionTitle: 'Artikel',
    editions: 'Ausgaben: {title}',
    noArticles: 'Es wurde noch kein Artikel veröffentlicht.',
    alsoIn: 'Auch auf: {languages}',
    textEdition: 'Text',
    corrections: { one: 'Korrektur', other: 'Korrekturen' },
    correction: '{date}: {text}',
    updated: 'Aktualisiert am {date}',
  },
  pt: {
    byline: 'Por {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Etiqueta: {tags}', other: 'Etiquetas: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Publicado por {publisher}',
    footnotes: 'Notas',
    footnoteBackReference: 'Voltar à referência {reference}',
    contents: 'Sumário',
    landmarks: 'Pontos de referência',
    article: 'Artigo',
    image: 'Imagem',
    imageStandIn: '[Imagem: {alt}]',
    imageStandInWithoutAlt: '[Imagem]',
    tableCaption: 'Tabela: {caption}',
    table: 'Tabela {number}',
    codeBlock: 'Bloco de código {number}',
    links: 'Endereços',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Um artigo com folha de rosto, um documento de navegação que lista todos os títulos e seções semânticas.',
    accessibilityNotes: 'As notas de rodapé são notas vinculadas.',
    accessibilityNoImages: 'Não contém imagens.',
    accessibilityImagesDescribed: 'Todas as imagens têm texto alternativo.',
    accessibilityImagesUndescribed:
      'Algumas imagens não têm texto alternativo; por isso, o texto sozinho não transmite tudo e nenhuma conformidade com as WCAG é declarada.',
    accessibilityReflow: 'O sistema de leitura pode mudar o estilo do texto e redistribuí-lo. Sem riscos.',
    collectionTitle: 'Artigos',
    editions: 'Edições: {title}',
    noArticles: 'Nenhum artigo foi publicado ainda.',
    alsoIn: 'Também em: {languages}',
    textEdition: 'Texto',
    corrections: { one: 'Correção', other: 'Correções' },
    correction: '{date}: {text}',
    updated: 'Atualizado em {date}',
  },
  ar: {
    byline: 'بقلم {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'الوسم: {tags}', two: 'الوسمان: {tags}', other: 'الوسوم: {tags}' },
    tagSeparator: '، ',
    publishedBy: 'الناشر: {publisher}',
    footnotes: 'الحواشي',
    footnoteBackReference: 'العودة إلى الإحالة {reference}',
    contents: 'المحتويات',
    landmarks: 'المعالم',
    article: 'المقال',
    image: 'صورة',
    imageStandIn: '[صورة: {alt}]',
    imageStandInWithoutAlt: '[صورة]',
    tableCaption: 'جدول: {caption}',
    table: 'جدول {number}',
    codeBlock: 'مقطع برمجي {number}',
    links: 'الروابط',
    folio: '{page} / {pages}',
    accessibilityStructure: 'مقال له صفحة عنوان، ووثيقة تنقّل تسرد كل العناوين، وأقسام دلالية.',
    accessibilityNotes: 'الحواشي ملاحظات مرتبطة بروابط.',
    accessibilityNoImages: 'لا يحتوي على صور.',
    accessibilityImagesDescribed: 'لكل صورة نص بديل.',
    accessibilityImagesUndescribed: 'بعض الصور بلا نص بديل، لذا لا ينقل النص وحده كل شيء، ولا يُدّعى التوافق مع WCAG.',
    accessibilityReflow: 'يمكن لنظام القراءة تغيير تنسيق النص وإعادة توزيعه. لا مخاطر.',
    collectionTitle: 'المقالات',
    editions: 'الإصدارات: {title}',
    noArticles: 'لم يُنشر أي مقال بعد.',
    alsoIn: 'بلغات أخرى: {languages}',
    textEdition: 'نص',
    corrections: { one: 'تصحيح', two: 'تصحيحان', other: 'تصحيحات' },
    correction: '{date}: {text}',
    updated: 'آخر تحديث: {date}',
  },
  ru: {
    byline: { one: 'Автор: {names}', other: 'Авторы: {names}' },
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Тег: {tags}', other: 'Теги: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Издатель: {publisher}',
    footnotes: 'Примечания',
    footnoteBackReference: 'Назад к ссылке {reference}',
    contents: 'Содержание',
    landmarks: 'Ориентиры',
    article: 'Статья',
    image: 'Изображение',
    imageStandIn: '[Изображение: {alt}]',
    imageStandInWithoutAlt: '[Изображение]',
    tableCaption: 'Таблица: {caption}',
    table: 'Таблица {number}',
    codeBlock: 'Блок кода {number}',
    links: 'Ссылки',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Статья с титульной страницей, навигационным документом, в котором перечислены все заголовки, и семантическими разделами.',
    accessibilityNotes: 'Сноски оформлены как связанные примечания.',
    accessibilityNoImages: 'Изображений нет.',
    accessibilityImagesDescribed: 'У каждого изображения есть альтернативный текст.',
    accessibilityImagesUndescribed:
      'У некоторых изображений нет альтернативного текста, поэтому один лишь текст передаёт не всё, и соответствие WCAG не заявляется.',
    accessibilityReflow: 'Система чтения может менять оформление текста и перекомпоновывать его. Опасностей нет.',
    collectionTitle: 'Статьи',
    editions: 'Издания: {title}',
    noArticles: 'Пока не опубликовано ни одной статьи.',
    alsoIn: 'На других языках: {languages}',
    textEdition: 'Текст',
    corrections: { one: 'Исправление', other: 'Исправления' },
    correction: '{date}: {text}',
    updated: 'Обновлено {date}',
  },
  zh: {
    byline: '作者：{names}',
    dateline: '{place}（{credit}）',
    datelineLead: '{dateline}\u3000',
    tags: '标签：{tags}',
    tagSeparator: '、',
    publishedBy: '出版者：{publisher}',
    footnotes: '脚注',
    footnoteBackReference: '返回引用处 {reference}',
    contents: '目录',
    landmarks: '地标',
    article: '正文',
    image: '图片',
    imageStandIn: '[图片：{alt}]',
    imageStandInWithoutAlt: '[图片]',
    tableCaption: '表：{caption}',
    table: '表{number}',
    codeBlock: '代码块{number}',
    links: '链接',
    folio: '{page} / {pages}',
    accessibilityStructure: '一篇文章，含标题页、列出所有标题的导航文档和语义化章节。',
    accessibilityNotes: '脚注为带链接的注释。',
    accessibilityNoImages: '不含图片。',
    accessibilityImagesDescribed: '每张图片都有替代文本。',
    accessibilityImagesUndescribed: '部分图片没有替代文本，因此仅凭文字无法传达全部内容，不声明符合 WCAG。',
    accessibilityReflow: '阅读系统可以更改文本样式并重排文本。无危险。',
    collectionTitle: '文章',
    editions: '版本：{title}',
    noArticles: '尚未发布任何文章。',
    alsoIn: '其他语言：{languages}',
    textEdition: '纯文本',
    corrections: '更正',
    correction: '{date}：{text}',
    updated: '更新于{date}',
  },
  'zh-Hant': {
    byline: '作者：{names}',
    dateline: '{place}（{credit}）',
    datelineLead: '{dateline}\u3000',
    tags: '標籤：{tags}',
    tagSeparator: '、',
    publishedBy: '出版者：{publisher}',
    footnotes: '註腳',
    footnoteBackReference: '返回引用處 {reference}',
    contents: '目錄',
    landmarks: '地標',
    article: '正文',
    image: '圖片',
    imageStandIn: '[圖片：{alt}]',
    imageStandInWithoutAlt: '[圖片]',
    tableCaption: '表：{caption}',
    table: '表{number}',
    codeBlock: '程式碼區塊{number}',
    links: '連結',
    folio: '{page} / {pages}',
    accessibilityStructure: '一篇文章，含標題頁、列出所有標題的導覽文件和語意化章節。',
    accessibilityNotes: '註腳為附連結的註釋。',
    accessibilityNoImages: '不含圖片。',
    accessibilityImagesDescribed: '每張圖片都有替代文字。',
    accessibilityImagesUndescribed: '部分圖片沒有替代文字，因此僅憑文字無法傳達全部內容，不聲明符合 WCAG。',
    accessibilityReflow: '閱讀系統可以更改文字樣式並重排文字。無危險。',
    collectionTitle: '文章',
    editions: '版本：{title}',
    noArticles: '尚未發布任何文章。',
    alsoIn: '其他語言：{languages}',
    textEdition: '純文字',
    corrections: '更正',
    correction: '{date}：{text}',
    updated: '更新於{date}',
  },
  ja: {
    byline: '執筆：{names}',
    dateline: '{place}（{credit}）',
    datelineLead: '{dateline}\u3000',
    tags: 'タグ：{tags}',
    tagSeparator: '、',
    publishedBy: '発行：{publisher}',
    footnotes: '脚注',
    footnoteBackReference: '参照元 {reference} に戻る',
    contents: '目次',
    landmarks: 'ランドマーク',
    article: '本文',
    image: '画像',
    imageStandIn: '[画像：{alt}]',
    imageStandInWithoutAlt: '[画像]',
    tableCaption: '表：{caption}',
    table: '表{number}',
    codeBlock: 'コードブロック{number}',
    links: 'リンク',
    folio: '{page} / {pages}',
    accessibilityStructure: 'タイトルページ、すべての見出しを載せたナビゲーション文書、意味づけされたセクションを備えた記事です。',
    accessibilityNotes: '脚注はリンクされた注です。',
    accessibilityNoImages: '画像はありません。',
    accessibilityImagesDescribed: 'すべての画像に代替テキストがあります。',
    accessibilityImagesUndescribed: '一部の画像に代替テキストがないため、テキストだけではすべてを伝えられず、WCAG への適合は表明していません。',
    accessibilityReflow: 'リーディングシステムでテキストのスタイル変更とリフローができます。危険性はありません。',
    collectionTitle: '記事',
    editions: 'エディション：{title}',
    noArticles: 'まだ記事は公開されていません。',
    alsoIn: '他の言語：{languages}',
    textEdition: 'テキスト',
    corrections: '訂正',
    correction: '{date}：{text}',
    updated: '{date}更新',
  },
  ko: {
    byline: '글: {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: '태그: {tags}',
    tagSeparator: ', ',
    publishedBy: '발행: {publisher}',
    footnotes: '각주',
    footnoteBackReference: '참조 {reference} 위치로 돌아가기',
    contents: '목차',
    landmarks: '랜드마크',
    article: '본문',
    image: '이미지',
    imageStandIn: '[이미지: {alt}]',
    imageStandInWithoutAlt: '[이미지]',
    tableCaption: '표: {caption}',
    table: '표 {number}',
    codeBlock: '코드 블록 {number}',
    links: '링크',
    folio: '{page} / {pages}',
    accessibilityStructure: '제목 페이지, 모든 제목을 나열한 탐색 문서, 의미 구조를 갖춘 섹션으로 이루어진 기사입니다.',
    accessibilityNotes: '각주는 링크로 연결된 주석입니다.',
    accessibilityNoImages: '이미지가 없습니다.',
    accessibilityImagesDescribed: '모든 이미지에 대체 텍스트가 있습니다.',
    accessibilityImagesUndescribed: '일부 이미지에 대체 텍스트가 없어 텍스트만으로는 모든 내용이 전달되지 않으므로 WCAG 준수를 주장하지 않습니다.',
    accessibilityReflow: '읽기 시스템에서 텍스트의 스타일을 바꾸고 다시 배치할 수 있습니다. 위험 요소는 없습니다.',
    collectionTitle: '기사',
    editions: '판본: {title}',
    noArticles: '아직 게시된 기사가 없습니다.',
    alsoIn: '다른 언어: {languages}',
    textEdition: '텍스트',
    corrections: '바로잡습니다',
    correction: '{date}: {text}',
    updated: '수정 {date}',
  },
  he: {
    byline: 'מאת {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'תגית: {tags}', two: 'תגיות: {tags}', other: 'תגיות: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'הוצאה לאור: {publisher}',
    footnotes: 'הערות שוליים',
    footnoteBackReference: 'חזרה להפניה {reference}',
    contents: 'תוכן העניינים',
    landmarks: 'ציוני דרך',
    article: 'כתבה',
    image: 'תמונה',
    imageStandIn: '[תמונה: {alt}]',
    imageStandInWithoutAlt: '[תמונה]',
    tableCaption: 'טבלה: {caption}',
    table: 'טבלה {number}',
    codeBlock: 'קטע קוד {number}',
    links: 'קישורים',
    folio: '{page} / {pages}',
    accessibilityStructure: 'כתבה עם עמוד שער, מסמך ניווט שמפרט כל כותרת, ומקטעים סמנטיים.',
    accessibilityNotes: 'הערות השוליים הן הערות מקושרות.',
    accessibilityNoImages: 'אין בה תמונות.',
    accessibilityImagesDescribed: 'לכל תמונה יש טקסט חלופי.',
    accessibilityImagesUndescribed: 'לחלק מהתמונות אין טקסט חלופי, ולכן הטקסט לבדו אינו מעביר הכול, ואין טענה לתאימות ל־WCAG.',
    accessibilityReflow: 'מערכת הקריאה יכולה לשנות את עיצוב הטקסט ולפרוס אותו מחדש. אין סיכונים.',
    collectionTitle: 'כתבות',
    editions: 'מהדורות: {title}',
    noArticles: 'עדיין לא פורסמה אף כתבה.',
    alsoIn: 'בשפות נוספות: {languages}',
    textEdition: 'טקסט',
    corrections: { one: 'תיקון', other: 'תיקונים' },
    correction: '{date}: {text}',
    updated: 'עודכן: {date}',
  },
  hi: {
    byline: '{names} द्वारा',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: 'टैग: {tags}',
    tagSeparator: ', ',
    publishedBy: 'प्रकाशक: {publisher}',
    footnotes: 'फ़ुटनोट',
    footnoteBackReference: 'संदर्भ {reference} पर वापस जाएँ',
    contents: 'विषय सूची',
    landmarks: 'लैंडमार्क',
    article: 'लेख',
    image: 'चित्र',
    imageStandIn: '[चित्र: {alt}]',
    imageStandInWithoutAlt: '[चित्र]',
    tableCaption: 'तालिका: {caption}',
    table: 'तालिका {number}',
    codeBlock: 'कोड ब्लॉक {number}',
    links: 'लिंक',
    folio: '{page} / {pages}',
    accessibilityStructure: 'शीर्षक पृष्ठ, हर शीर्षक की सूची वाले नेविगेशन दस्तावेज़ और अर्थपूर्ण खंडों वाला एक लेख।',
    accessibilityNotes: 'फ़ुटनोट लिंक किए गए नोट हैं।',
    accessibilityNoImages: 'इसमें कोई चित्र नहीं है।',
    accessibilityImagesDescribed: 'हर चित्र का वैकल्पिक पाठ है।',
    accessibilityImagesUndescribed: 'कुछ चित्रों का वैकल्पिक पाठ नहीं है, इसलिए अकेला पाठ सब कुछ नहीं बताता और WCAG अनुरूपता का दावा नहीं किया जाता।',
    accessibilityReflow: 'पठन प्रणाली पाठ की शैली बदल सकती है और उसे फिर से प्रवाहित कर सकती है। कोई ख़तरा नहीं।',
    collectionTitle: 'लेख',
    editions: 'संस्करण: {title}',
    noArticles: 'अभी तक कोई लेख प्रकाशित नहीं हुआ है।',
    alsoIn: 'अन्य भाषाओं में: {languages}',
    textEdition: 'पाठ',
    corrections: 'सुधार',
    correction: '{date}: {text}',
    updated: 'अपडेटेड: {date}',
  },
  el: {
    byline: { one: 'Συντάκτης: {names}', other: 'Συντάκτες: {names}' },
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Ετικέτα: {tags}', other: 'Ετικέτες: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Εκδότης: {publisher}',
    footnotes: 'Υποσημειώσεις',
    footnoteBackReference: 'Επιστροφή στην παραπομπή {reference}',
    contents: 'Περιεχόμενα',
    landmarks: 'Ορόσημα',
    article: 'Άρθρο',
    image: 'Εικόνα',
    imageStandIn: '[Εικόνα: {alt}]',
    imageStandInWithoutAlt: '[Εικόνα]',
    tableCaption: 'Πίνακας: {caption}',
    table: 'Πίνακας {number}',
    codeBlock: 'Μπλοκ κώδικα {number}',
    links: 'Σύνδεσμοι',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Άρθρο με σελίδα τίτλου, έγγραφο πλοήγησης που παραθέτει κάθε επικεφαλίδα και σημασιολογικές ενότητες.',
    accessibilityNotes: 'Οι υποσημειώσεις είναι συνδεδεμένες σημειώσεις.',
    accessibilityNoImages: 'Δεν περιέχει εικόνες.',
    accessibilityImagesDescribed: 'Κάθε εικόνα έχει εναλλακτικό κείμενο.',
    accessibilityImagesUndescribed:
      'Ορισμένες εικόνες δεν έχουν εναλλακτικό κείμενο, οπότε το κείμενο μόνο του δεν μεταφέρει τα πάντα και δεν δηλώνεται συμμόρφωση με τις WCAG.',
    accessibilityReflow: 'Το σύστημα ανάγνωσης μπορεί να αλλάξει τη μορφή του κειμένου και να το αναδιατάξει. Κανένας κίνδυνος.',
    collectionTitle: 'Άρθρα',
    editions: 'Εκδόσεις: {title}',
    noArticles: 'Δεν έχει δημοσιευτεί ακόμη κανένα άρθρο.',
    alsoIn: 'Σε άλλες γλώσσες: {languages}',
    textEdition: 'Κείμενο',
    corrections: { one: 'Διόρθωση', other: 'Διορθώσεις' },
    correction: '{date}: {text}',
    updated: 'Τελευταία ενημέρωση: {date}',
  },
  tr: {
    byline: { one: 'Yazan: {names}', other: 'Yazanlar: {names}' },
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Etiket: {tags}', other: 'Etiketler: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Yayımlayan: {publisher}',
    footnotes: 'Dipnotlar',
    footnoteBackReference: '{reference} numaralı göndermeye dön',
    contents: 'İçindekiler',
    landmarks: 'Yer işaretleri',
    article: 'Makale',
    image: 'Görsel',
    imageStandIn: '[Görsel: {alt}]',
    imageStandInWithoutAlt: '[Görsel]',
    tableCaption: 'Tablo: {caption}',
    table: 'Tablo {number}',
    codeBlock: 'Kod bloğu {number}',
    links: 'Bağlantılar',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Başlık sayfası, her başlığı listeleyen bir gezinme belgesi ve anlamsal bölümler içeren bir makale.',
    accessibilityNotes: 'Dipnotlar bağlantılı notlardır.',
    accessibilityNoImages: 'Görsel içermez.',
    accessibilityImagesDescribed: 'Her görselin alternatif metni vardır.',
    accessibilityImagesUndescribed: 'Bazı görsellerin alternatif metni yoktur; bu nedenle metin tek başına her şeyi aktarmaz ve WCAG uygunluğu iddia edilmez.',
    accessibilityReflow: 'Okuma sistemi metnin biçimini değiştirip yeniden akıtabilir. Tehlike yok.',
    collectionTitle: 'Makaleler',
    editions: 'Sürümler: {title}',
    noArticles: 'Henüz yayımlanmış bir makale yok.',
    alsoIn: 'Diğer dillerde: {languages}',
    textEdition: 'Metin',
    corrections: { one: 'Düzeltme', other: 'Düzeltmeler' },
    correction: '{date}: {text}',
    updated: 'Güncelleme: {date}',
  },
  it: {
    byline: 'Di {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: 'Tag: {tags}',
    tagSeparator: ', ',
    publishedBy: 'Pubblicato da {publisher}',
    footnotes: 'Note',
    footnoteBackReference: 'Torna al riferimento {reference}',
    contents: 'Indice',
    landmarks: 'Punti di riferimento',
    article: 'Articolo',
    image: 'Immagine',
    imageStandIn: '[Immagine: {alt}]',
    imageStandInWithoutAlt: '[Immagine]',
    tableCaption: 'Tabella: {caption}',
    table: 'Tabella {number}',
    codeBlock: 'Blocco di codice {number}',
    links: 'Link',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Un articolo con un frontespizio, un documento di navigazione che elenca ogni titolo e sezioni semantiche.',
    accessibilityNotes: 'Le note sono collegate al testo.',
    accessibilityNoImages: 'Non contiene immagini.',
    accessibilityImagesDescribed: 'Ogni immagine ha un testo alternativo.',
    accessibilityImagesUndescribed:
      'Alcune immagini non hanno testo alternativo, quindi il solo testo non trasmette tutto e non si dichiara la conformità alle WCAG.',
    accessibilityReflow: 'Il sistema di lettura può cambiare lo stile del testo e reimpaginarlo. Nessun rischio.',
    collectionTitle: 'Articoli',
    editions: 'Edizioni: {title}',
    noArticles: 'Non è ancora stato pubblicato alcun articolo.',
    alsoIn: 'Anche in: {languages}',
    textEdition: 'Testo',
    corrections: { one: 'Rettifica', other: 'Rettifiche' },
    correction: '{date}: {text}',
    updated: 'Aggiornato il {date}',
  },
  nl: {
    byline: 'Door {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Tag: {tags}', other: 'Tags: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Uitgegeven door {publisher}',
    footnotes: 'Voetnoten',
    footnoteBackReference: 'Terug naar verwijzing {reference}',
    contents: 'Inhoud',
    landmarks: 'Oriëntatiepunten',
    article: 'Artikel',
    image: 'Afbeelding',
    imageStandIn: '[Afbeelding: {alt}]',
    imageStandInWithoutAlt: '[Afbeelding]',
    tableCaption: 'Tabel: {caption}',
    table: 'Tabel {number}',
    codeBlock: 'Codeblok {number}',
    links: 'Links',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Een artikel met een titelpagina, een navigatiedocument dat elke kop noemt, en semantische secties.',
    accessibilityNotes: 'Voetnoten zijn gekoppelde noten.',
    accessibilityNoImages: 'Het bevat geen afbeeldingen.',
    accessibilityImagesDescribed: 'Elke afbeelding heeft een alternatieve tekst.',
    accessibilityImagesUndescribed:
      'Sommige afbeeldingen hebben geen alternatieve tekst, dus de tekst alleen brengt niet alles over en er wordt geen WCAG-conformiteit geclaimd.',
    accessibilityReflow: 'Het leessysteem kan de tekst anders opmaken en opnieuw laten doorlopen. Geen risico’s.',
    collectionTitle: 'Artikelen',
    editions: 'Edities: {title}',
    noArticles: 'Er is nog geen artikel gepubliceerd.',
    alsoIn: 'Ook in: {languages}',
    textEdition: 'Tekst',
    corrections: { one: 'Correctie', other: 'Correcties' },
    correction: '{date}: {text}',
    updated: 'Bijgewerkt op {date}',
  },
  pl: {
    byline: { one: 'Autor: {names}', other: 'Autorzy: {names}' },
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Tag: {tags}', other: 'Tagi: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Wydawca: {publisher}',
    footnotes: 'Przypisy',
    footnoteBackReference: 'Powrót do odsyłacza {reference}',
    contents: 'Spis treści',
    landmarks: 'Punkty orientacyjne',
    article: 'Artykuł',
    image: 'Obraz',
    imageStandIn: '[Obraz: {alt}]',
    imageStandInWithoutAlt: '[Obraz]',
    tableCaption: 'Tabela: {caption}',
    table: 'Tabela {number}',
    codeBlock: 'Blok kodu {number}',
    links: 'Linki',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Artykuł ze stroną tytułową, dokumentem nawigacyjnym wymieniającym wszystkie nagłówki i sekcjami semantycznymi.',
    accessibilityNotes: 'Przypisy są połączone odnośnikami z tekstem.',
    accessibilityNoImages: 'Nie zawiera obrazów.',
    accessibilityImagesDescribed: 'Każdy obraz ma tekst alternatywny.',
    accessibilityImagesUndescribed:
      'Niektóre obrazy nie mają tekstu alternatywnego, więc sam tekst nie przekazuje wszystkiego i nie deklaruje się zgodności z WCAG.',
    accessibilityReflow: 'System czytający może zmieniać styl tekstu i jego układ. Brak zagrożeń.',
    collectionTitle: 'Artykuły',
    editions: 'Wydania: {title}',
    noArticles: 'Nie opublikowano jeszcze żadnego artykułu.',
    alsoIn: 'W innych językach: {languages}',
    textEdition: 'Tekst',
    corrections: { one: 'Sprostowanie', other: 'Sprostowania' },
    correction: '{date}: {text}',
    updated: 'Aktualizacja: {date}',
  },
  uk: {
    byline: { one: 'Автор: {names}', other: 'Автори: {names}' },
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'Тег: {tags}', other: 'Теги: {tags}' },
    tagSeparator: ', ',
    publishedBy: 'Видавець: {publisher}',
    footnotes: 'Примітки',
    footnoteBackReference: 'Повернутися до посилання {reference}',
    contents: 'Зміст',
    landmarks: 'Орієнтири',
    article: 'Стаття',
    image: 'Зображення',
    imageStandIn: '[Зображення: {alt}]',
    imageStandInWithoutAlt: '[Зображення]',
    tableCaption: 'Таблиця: {caption}',
    table: 'Таблиця {number}',
    codeBlock: 'Блок коду {number}',
    links: 'Посилання',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Стаття з титульною сторінкою, навігаційним документом, що перелічує всі заголовки, і семантичними розділами.',
    accessibilityNotes: 'Примітки пов’язані з текстом посиланнями.',
    accessibilityNoImages: 'Зображень немає.',
    accessibilityImagesDescribed: 'Кожне зображення має альтернативний текст.',
    accessibilityImagesUndescribed: 'Деякі зображення не мають альтернативного тексту, тож сам текст не передає всього, і відповідність WCAG не заявляється.',
    accessibilityReflow: 'Система читання може змінювати стиль тексту й перекомпоновувати його. Небезпек немає.',
    collectionTitle: 'Статті',
    editions: 'Видання: {title}',
    noArticles: 'Ще не опубліковано жодної статті.',
    alsoIn: 'Іншими мовами: {languages}',
    textEdition: 'Текст',
    corrections: 'Виправлення',
    correction: '{date}: {text}',
    updated: 'Оновлено {date}',
  },
  fa: {
    byline: 'نوشتهٔ {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: { one: 'برچسب: {tags}', other: 'برچسب‌ها: {tags}' },
    tagSeparator: '، ',
    publishedBy: 'ناشر: {publisher}',
    footnotes: 'پانویس‌ها',
    footnoteBackReference: 'بازگشت به ارجاع {reference}',
    contents: 'فهرست مطالب',
    landmarks: 'نشانه‌ها',
    article: 'مقاله',
    image: 'تصویر',
    imageStandIn: '[تصویر: {alt}]',
    imageStandInWithoutAlt: '[تصویر]',
    tableCaption: 'جدول: {caption}',
    table: 'جدول {number}',
    codeBlock: 'بلوک کد {number}',
    links: 'پیوندها',
    folio: '{page} / {pages}',
    accessibilityStructure: 'مقاله‌ای با صفحهٔ عنوان، سند ناوبری‌ای که همهٔ سرعنوان‌ها را فهرست می‌کند، و بخش‌های معنایی.',
    accessibilityNotes: 'پانویس‌ها با پیوند به متن وصل‌اند.',
    accessibilityNoImages: 'تصویری ندارد.',
    accessibilityImagesDescribed: 'همهٔ تصویرها متن جایگزین دارند.',
    accessibilityImagesUndescribed: 'برخی تصویرها متن جایگزین ندارند، بنابراین متن به‌تنهایی همه‌چیز را منتقل نمی‌کند و ادعای انطباق با WCAG نمی‌شود.',
    accessibilityReflow: 'سامانهٔ خواندن می‌تواند سبک متن را تغییر دهد و آن را از نو بچیند. خطری ندارد.',
    collectionTitle: 'مقاله‌ها',
    editions: 'نسخه‌ها: {title}',
    noArticles: 'هنوز هیچ مقاله‌ای منتشر نشده است.',
    alsoIn: 'به زبان‌های دیگر: {languages}',
    textEdition: 'متن',
    corrections: { one: 'اصلاحیه', other: 'اصلاحیه‌ها' },
    correction: '{date}: {text}',
    updated: 'به‌روزرسانی: {date}',
  },
  id: {
    byline: 'Oleh {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: 'Tag: {tags}',
    tagSeparator: ', ',
    publishedBy: 'Diterbitkan oleh {publisher}',
    footnotes: 'Catatan kaki',
    footnoteBackReference: 'Kembali ke rujukan {reference}',
    contents: 'Daftar isi',
    landmarks: 'Penanda',
    article: 'Artikel',
    image: 'Gambar',
    imageStandIn: '[Gambar: {alt}]',
    imageStandInWithoutAlt: '[Gambar]',
    tableCaption: 'Tabel: {caption}',
    table: 'Tabel {number}',
    codeBlock: 'Blok kode {number}',
    links: 'Tautan',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Artikel dengan halaman judul, dokumen navigasi yang mencantumkan setiap judul, dan bagian-bagian semantis.',
    accessibilityNotes: 'Catatan kaki bertaut ke teks.',
    accessibilityNoImages: 'Tidak ada gambar.',
    accessibilityImagesDescribed: 'Setiap gambar memiliki teks alternatif.',
    accessibilityImagesUndescribed:
      'Beberapa gambar tidak memiliki teks alternatif, sehingga teks saja tidak menyampaikan semuanya dan kesesuaian dengan WCAG tidak diklaim.',
    accessibilityReflow: 'Sistem pembaca dapat mengubah gaya teks dan menata ulang alirannya. Tidak ada bahaya.',
    collectionTitle: 'Artikel',
    editions: 'Edisi: {title}',
    noArticles: 'Belum ada artikel yang diterbitkan.',
    alsoIn: 'Dalam bahasa lain: {languages}',
    textEdition: 'Teks',
    corrections: 'Ralat',
    correction: '{date}: {text}',
    updated: 'Diperbarui {date}',
  },
  vi: {
    byline: 'Tác giả: {names}',
    dateline: '{place} ({credit})',
    datelineLead: '{dateline} — ',
    tags: 'Thẻ: {tags}',
    tagSeparator: ', ',
    publishedBy: 'Xuất bản bởi {publisher}',
    footnotes: 'Chú thích',
    footnoteBackReference: 'Quay lại tham chiếu {reference}',
    contents: 'Mục lục',
    landmarks: 'Mốc điều hướng',
    article: 'Bài viết',
    image: 'Hình ảnh',
    imageStandIn: '[Hình ảnh: {alt}]',
    imageStandInWithoutAlt: '[Hình ảnh]',
    tableCaption: 'Bảng: {caption}',
    table: 'Bảng {number}',
    codeBlock: 'Khối mã {number}',
    links: 'Liên kết',
    folio: '{page} / {pages}',
    accessibilityStructure: 'Một bài viết có trang tiêu đề, tài liệu điều hướng liệt kê mọi đề mục và các phần có ngữ nghĩa.',
    accessibilityNotes: 'Chú thích được liên kết với văn bản.',
    accessibilityNoImages: 'Không có hình ảnh.',
    accessibilityImagesDescribed: 'Mọi hình ảnh đều có văn bản thay thế.',
    accessibilityImagesUndescribed:
      'Một số hình ảnh không có văn bản thay thế, nên chỉ riêng văn bản không truyền tải hết nội dung và không tuyên bố tuân thủ WCAG.',
    accessibilityReflow: 'Hệ thống đọc có thể đổi kiểu chữ và dàn lại văn bản. Không có nguy cơ.',
    collectionTitle: 'Bài viết',
    editions: 'Phiên bản: {title}',
    noArticles: 'Chưa có bài viết nào được xuất bản.',
    alsoIn: 'Bằng ngôn ngữ khác: {languages}',
    textEdition: 'Văn bản',
    corrections: 'Đính chính',
    correction: '{date}: {text}',
    updated: 'Cập nhật {date}',
  },
} satisfies Record<string, LabelTable>;

export type LabelLanguage = keyof typeof tables;

/** The languages of the table, and the table itself: read-only, for tests and the config check. */
export const labelLanguages = Object.keys(tables) as LabelLanguage[];
export const labelIds = Object.keys(english) as LabelId[];
export const labelTables: { readonly [Language in LabelLanguage]: LabelTable } = tables;

/**
 * `labels` in the config, by BCP 47 tag: any label of a table's language replaced (`fr`), a regional variant's own
 * words over its language's (`pt-PT`), or the words of a language the table lacks (`sw`).
 */
export type LabelOverrides = { readonly [Language in LabelLanguage | (string & {})]?: { readonly [Id in LabelId]?: LabelValue } };

/** The `{name}`s a label takes, as its English says. */
export function placeholdersOf(id: LabelId): string[] {
  return [...new Set(formsOf(english[id]).flatMap((form) => [...form.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '')))].sort();
}

export function formsOf(value: LabelValue): string[] {
  return typeof value === 'string' ? [value] : Object.values(value).filter((form): form is string => typeof form === 'string');
}

/** Why an article's generated words are not all in its own language, when they are not. */
export interface LabelProblem {
  readonly ruleId: 'labels-language' | 'labels-script';
  readonly reason: string;
}

/**
 * Where an article's labels come from: for each label, the first of its sources that has it. The sources are the
 * config's words and the table's for each tag of the article's fallback chain, most specific first (the config's
 * before the table's at each tag), then English when no tag of the chain has a table.
 */
export interface LabelResolution {
  /** Each label's words and the tag they are in. */
  readonly words: { readonly [Id in LabelId]: { readonly value: LabelValue; readonly tag: string } };
  /** Every label is the English fallback: Intl then writes numbers and lists in English too. */
  readonly english: boolean;
  readonly problem?: LabelProblem;
}

/**
 * The tags whose labels an article in `lang` takes, most specific first: the tag as written, then with its likely
 * script (`zh-TW` → `zh-Hant-TW`), its language and region, its language and likely script (`zh-Hant`), its language.
 * So a config's `pt-PT` serves `pt-PT` before the table's `pt`, and `zh-TW` finds the table's `zh-Hant`.
 */
function fallbackTags(lang: string): { readonly tags: readonly string[]; readonly language: string; readonly script: string | undefined } {
  let locale: Intl.Locale | undefined;
  try {
    locale = new Intl.Locale(lang);
  } catch {
    const language = lang.split('-')[0]?.toLowerCase() ?? '';
    return { tags: [language], language, script: undefined };
  }
  const { language, region } = locale;
  const script = locale.maximize().script;
  const tags = [
    locale.toString(),
    script && region ? `${language}-${script}-${region}` : '',
    region ? `${language}-${region}` : '',
    script ? `${language}-${script}` : '',
    language,
  ];
  return { tags: [...new Set(tags.filter((tag) => tag !== ''))], language, script };
}

/** A config's `labels` by canonical tag (`pt-pt` is `pt-PT`), as their sources are looked up. */
const canonicalOverrides = new WeakMap<object, ReadonlyMap<string, { readonly [Id in LabelId]?: LabelValue }>>();

function overridesByTag(overrides: LabelOverrides): ReadonlyMap<string, { readonly [Id in LabelId]?: LabelValue }> {
  let byTag = canonicalOverrides.get(overrides);
  if (!byTag) {
    byTag = new Map(Object.entries(overrides).flatMap(([tag, words]) => (words ? [[canonicalTag(tag), words] as const] : [])));
    canonicalOverrides.set(overrides, byTag);
  }
  return byTag;
}

/** A language tag as Intl writes it (`pt-PT`, `zh-Hant`), or as given when it is not well formed. */
export function canonicalTag(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? tag;
  } catch {
    return tag;
  }
}

const quoted = (ids: readonly string[]) => ids.map((id) => `\`${id}\``).join(', ');

/**
 * The labels of an article in `lang`: from the config's words and the table's, by the article's fallback chain
 * (`pt-BR` → `pt`, `zh-TW` → `zh-Hant`); a table in another script than the article's is taken with a warning,
 * and a language with no table gets English for what the config does not give, with a warning naming what is missing.
 */
export function resolveLabelLanguage(lang: string, overrides: LabelOverrides = noOverrides): LabelResolution {
  const { tags, language: primary, script } = fallbackTags(lang);
  const configured = overridesByTag(overrides);
  const known = (tag: string): tag is LabelLanguage => Object.hasOwn(tables, tag);
  const table = tags.find(known);
  const sources = tags.flatMap((tag) => [
    ...(configured.has(tag) ? [{ tag, words: configured.get(tag) ?? {} }] : []),
    ...(known(tag) ? [{ tag, words: tables[tag] as { readonly [Id in LabelId]?: LabelValue } }] : []),
  ]);
  if (!table) sources.push({ tag: 'en', words: english });
  const words = Object.fromEntries(
    labelIds.map((id) => {
      const source = sources.find((candidate) => candidate.words[id] !== undefined) ?? { tag: 'en', words: english };
      return [id, { value: source.words[id] ?? english[id], tag: source.tag }];
    }),
  ) as LabelResolution['words'];
  const fromEnglish = table ? [] : labelIds.filter((id) => words[id].tag === 'en');
  const allEnglish = fromEnglish.length === labelIds.length;
  if (table === undefined && fromEnglish.length > 0) {
    const given = tags.find((tag) => configured.has(tag));
    const reason = allEnglish
      ? `The editions have no labels in \`${lang}\`, so their generated words ("By", "Contents", "Footnotes") are English; write the article in one of ${labelLanguages.join(', ')}, or give the labels in the config's \`labels['${primary}']\``
      : `The config's \`labels['${given}']\` leaves out ${quoted(fromEnglish)}, so the editions write ${fromEnglish.length === 1 ? 'it' : 'them'} in English; add ${fromEnglish.length === 1 ? 'it' : 'them'} there`;
    return { words, english: allEnglish, problem: { ruleId: 'labels-language', reason } };
  }
  const tableScript = table === undefined ? undefined : new Intl.Locale(table).maximize().script;
  const inTableScript = table === undefined ? [] : labelIds.filter((id) => words[id].tag === table);
  if (script && tableScript && tableScript !== script && inTableScript.length > 0) {
    const which = inTableScript.length === labelIds.length ? 'labels' : `labels ${quoted(inTableScript)}`;
    const reason = `The editions' ${which} in \`${table}\` are in ${tableScript} script, not the ${script} of \`${lang}\`; give them in the config's \`labels['${lang}']\` if they should differ`;
    return { words, english: allEnglish, problem: { ruleId: 'labels-script', reason } };
  }
  return { words, english: allEnglish };
}

/** The words of one article's editions, in its language, with the config's overrides. */
export interface Labels {
  /** The tag a label's words are in: `pt` for `pt-BR`, a config's `pt-PT`, `en` where a config's language leaves the label out. */
  languageOf(id: LabelId): string;
  /** A label with its values put in; `count` (of the things it names) chooses its form (`PluralForms`). */
  text(id: LabelId, values?: Readonly<Record<string, string>>, count?: number): string;
  /** "A, B and C", by the language's rules. */
  list(items: readonly string[]): string;
  /** A number as the language writes it. */
  number(value: number): string;
  /** The digits `number` writes: Intl's numbering system (`latn`; `arabext` for `fa`, `arab` for `ar-EG`). */
  readonly numberingSystem: string;
  /** The CSS counter style that numbers an ordered list in those digits (`persian`); none for Latin digits, which lists have by default. */
  readonly counterStyle: string | undefined;
}

/**
 * CSS's predefined counter styles (CSS Counter Styles 3, §6) for Intl's numeric numbering systems (CLDR's ids):
 * a browser numbers an ordered list in the digits the labels write numbers in. A system without one (`latn`,
 * or one CSS does not name) keeps the browser's `decimal`.
 */
const counterStyles: Readonly<Record<string, string>> = {
  arab: 'arabic-indic',
  arabext: 'persian',
  beng: 'bengali',
  deva: 'devanagari',
  gujr: 'gujarati',
  guru: 'gurmukhi',
  hanidec: 'cjk-decimal',
  khmr: 'khmer',
  knda: 'kannada',
  laoo: 'lao',
  mlym: 'malayalam',
  mong: 'mongolian',
  mymr: 'myanmar',
  orya: 'oriya',
  tamldec: 'tamil',
  telu: 'telugu',
  thai: 'thai',
  tibt: 'tibetan',
};

/** The CSS counter style of a numbering system's digits; `undefined` for Latin digits and a system CSS has no style for. */
export function counterStyleOf(numberingSystem: string): string | undefined {
  return Object.hasOwn(counterStyles, numberingSystem) ? counterStyles[numberingSystem] : undefined;
}

const noOverrides: LabelOverrides = Object.freeze({});

/** `make` for a language and a config's labels, once for each pair. */
function oncePerLanguage<T>(make: (lang: string, overrides: LabelOverrides) => T): (lang: string, overrides: LabelOverrides) => T {
  const cache = new WeakMap<object, Map<string, T>>();
  return (lang, overrides) => {
    let byLang = cache.get(overrides);
    if (!byLang) {
      byLang = new Map();
      cache.set(overrides, byLang);
    }
    if (!byLang.has(lang)) byLang.set(lang, make(lang, overrides));
    return byLang.get(lang) as T;
  };
}

const resolved = oncePerLanguage(resolveLabelLanguage);
// Intl formatters are costly to make.
const made = oncePerLanguage(makeLabels);

/** The labels for an article in `lang`; made once per language and config. */
export function labelsFor(lang: string, overrides: LabelOverrides = noOverrides): Labels {
  return made(lang, overrides);
}

function makeLabels(lang: string, overrides: LabelOverrides): Labels {
  const { words, english } = resolved(lang, overrides);
  // Intl in the article's own locale (pt-BR's number style), unless every label fell back to English.
  const locale = english ? 'en' : safeLocale(lang);
  const lists = new Intl.ListFormat(locale, { type: 'conjunction' });
  const numbers = new Intl.NumberFormat(locale, { useGrouping: false });
  const { numberingSystem } = numbers.resolvedOptions();
  return {
    languageOf: (id) => words[id].tag,
    numberingSystem,
    counterStyle: counterStyleOf(numberingSystem),
    text(id, values = {}, count) {
      const { value } = words[id];
      const form = typeof value === 'string' ? value : ((count === undefined || count === 1 ? value.one : count === 2 ? value.two : undefined) ?? value.other);
      return form.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
    },
    list: (items) => lists.format(items),
    number: (value) => numbers.format(value),
  };
}

/**
 * Why an article in `lang` does not get all its generated words in its language, if it does not; once per language
 * and config. A table's own tag ("en", "fr") has none, found without Intl's likely-subtags data (7 to 15 ms on first use).
 */
export function labelProblem(lang: string, overrides: LabelOverrides = noOverrides): LabelProblem | undefined {
  return Object.hasOwn(tables, lang) ? undefined : resolved(lang, overrides).problem;
}

/** The labels of an article's editions: its language, with the config's overrides. */
export function articleLabels(article: Article, context: RenderContext): Labels {
  return labelsFor(article.meta.lang, context.config.labels);
}
