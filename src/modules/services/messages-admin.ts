// The service catalogue's official texts (roles, the fixed lists, errors, audit actions, the admin
// pages): Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const adminMessages = defineMessages({
  'role.service-owner': { et: 'Teenuse omanik', en: 'Service owner', ru: 'Владелец услуги' },
  'role.services-elvl': { et: 'Teenusmallide haldur (ELVL)', en: 'Service template keeper (ELVL)', ru: 'Хранитель шаблонов услуг (ELVL)' },
  'services.title': { et: 'Teenused', en: 'Services', ru: 'Услуги' },
  'services.admin.title': { et: 'Teenuste haldus', en: 'Service catalogue', ru: 'Каталог услуг' },
  'services.adminLink.text': {
    et: 'Teenuste kirjeldused, versioonid, kanalid, protsessid ja mallid',
    en: 'Service descriptions, versions, channels, processes and templates',
    ru: 'Описания услуг, версии, каналы, процессы и шаблоны',
  },

  // statuses
  'services.status.draft': { et: 'Mustand', en: 'Draft', ru: 'Черновик' },
  'services.status.published': { et: 'Avaldatud', en: 'Published', ru: 'Опубликована' },
  'services.status.archived': { et: 'Arhiveeritud', en: 'Archived', ru: 'В архиве' },

  // channels
  'services.channel.eservice': { et: 'E-teenus', en: 'E-service', ru: 'Э-услуга' },
  'services.channel.webpage': { et: 'Veebileht', en: 'Web page', ru: 'Веб-страница' },
  'services.channel.office': { et: 'Teenindusbüroo', en: 'Office', ru: 'Бюро обслуживания' },
  'services.channel.phone': { et: 'Telefon', en: 'Phone', ru: 'Телефон' },
  'services.channel.email': { et: 'E-post', en: 'E-mail', ru: 'Эл. почта' },
  'services.channel.post': { et: 'Post', en: 'Post', ru: 'Почта' },
  'services.channel.home': { et: 'Kodus', en: 'At home', ru: 'На дому' },

  // audiences
  'services.audience.residents': { et: 'Elanikud', en: 'Residents', ru: 'Жители' },
  'services.audience.families': { et: 'Lastega pered', en: 'Families with children', ru: 'Семьи с детьми' },
  'services.audience.children': { et: 'Lapsed', en: 'Children', ru: 'Дети' },
  'services.audience.youth': { et: 'Noored', en: 'Young people', ru: 'Молодёжь' },
  'services.audience.elderly': { et: 'Eakad', en: 'Older people', ru: 'Пожилые' },
  'services.audience.disabled': { et: 'Puudega inimesed', en: 'People with disabilities', ru: 'Люди с инвалидностью' },
  'services.audience.jobseekers': { et: 'Tööotsijad', en: 'Jobseekers', ru: 'Ищущие работу' },
  'services.audience.landowners': { et: 'Kinnisasja omanikud', en: 'Property owners', ru: 'Владельцы недвижимости' },
  'services.audience.businesses': { et: 'Ettevõtted', en: 'Businesses', ru: 'Предприятия' },
  'services.audience.ngos': { et: 'Mittetulundusühingud', en: 'Non-profits', ru: 'Некоммерческие организации' },

  // life events (sündmusteenused)
  'services.lifeEvent.birth': { et: 'Lapse sünd', en: 'Birth of a child', ru: 'Рождение ребёнка' },
  'services.lifeEvent.kindergarten': { et: 'Lasteaeda minek', en: 'Starting kindergarten', ru: 'Поступление в детский сад' },
  'services.lifeEvent.school': { et: 'Kooliminek', en: 'Starting school', ru: 'Поступление в школу' },
  'services.lifeEvent.moving': { et: 'Elukoha muutmine', en: 'Moving home', ru: 'Смена места жительства' },
  'services.lifeEvent.marriage': { et: 'Abiellumine', en: 'Getting married', ru: 'Вступление в брак' },
  'services.lifeEvent.building': { et: 'Ehitamine', en: 'Building', ru: 'Строительство' },
  'services.lifeEvent.business': { et: 'Ettevõtluse alustamine', en: 'Starting a business', ru: 'Начало предпринимательства' },
  'services.lifeEvent.job-loss': { et: 'Töö kaotus', en: 'Losing a job', ru: 'Потеря работы' },
  'services.lifeEvent.disability': { et: 'Puue ja töövõime kaotus', en: 'Disability', ru: 'Инвалидность' },
  'services.lifeEvent.caring': { et: 'Lähedase hooldamine', en: 'Caring for a relative', ru: 'Уход за близким' },
  'services.lifeEvent.low-income': { et: 'Toimetulekuraskused', en: 'Financial hardship', ru: 'Материальные трудности' },
  'services.lifeEvent.retirement': { et: 'Pensionile jäämine', en: 'Retirement', ru: 'Выход на пенсию' },
  'services.lifeEvent.death': { et: 'Lähedase surm', en: 'Death of a relative', ru: 'Смерть близкого' },

  // errors
  'services.error.required': { et: 'Täida see väli', en: 'Fill in this field', ru: 'Заполните это поле' },
  'services.error.tooLong': { et: 'Liiga pikk (kuni {max} märki)', en: 'Too long (up to {max} characters)', ru: 'Слишком длинно (до {max} знаков)' },
  'services.error.tooMany': { et: 'Liiga palju (kuni {max})', en: 'Too many (up to {max})', ru: 'Слишком много (до {max})' },
  'services.error.choose': { et: 'Vali loetelust', en: 'Choose from the list', ru: 'Выберите из списка' },
  'services.error.url': { et: 'Sisesta veebiaadress kujul https://…', en: 'Enter a web address like https://…', ru: 'Введите веб-адрес вида https://…' },
  'services.error.email': { et: 'Sisesta e-posti aadress kujul nimi@näide.ee', en: 'Enter an e-mail address like name@example.ee', ru: 'Введите адрес эл. почты вида имя@пример.ee' },
  'services.error.phone': { et: 'Sisesta telefoninumber (numbrid, +, tühikud)', en: 'Enter a phone number (digits, +, spaces)', ru: 'Введите номер телефона (цифры, +, пробелы)' },
  'services.error.cost': { et: 'Sisesta hind eurodes (nt 12,50) või 0, kui tasuta', en: 'Enter the cost in euros (e.g. 12.50), or 0 if free', ru: 'Введите цену в евро (напр. 12,50) или 0, если бесплатно' },
  'services.error.duration': {
    et: 'Sisesta aeg ISO 8601 kujul, nt P10D (10 päeva), P2W (2 nädalat), PT4H (4 tundi)',
    en: 'Enter the time as ISO 8601, e.g. P10D (10 days), P2W (2 weeks), PT4H (4 hours)',
    ru: 'Введите срок в формате ISO 8601, напр. P10D (10 дней), P2W (2 недели), PT4H (4 часа)',
  },
  'services.error.keyword': { et: 'Märksõna on tühi või liiga pikk (kuni {max} märki)', en: 'A keyword is empty or too long (up to {max} characters)', ru: 'Ключевое слово пустое или слишком длинное (до {max} знаков)' },
  'services.error.related': { et: 'Seotud teenus peab olema selle KOV-i teine teenus', en: 'A related service must be another service of this municipality', ru: 'Связанная услуга должна быть другой услугой этого самоуправления' },
  'services.error.notFound': { et: 'Teenust ei leitud', en: 'Service not found', ru: 'Услуга не найдена' },
  'services.error.templateNotFound': { et: 'Malli ei leitud', en: 'Template not found', ru: 'Шаблон не найден' },
  'services.error.nothingToPublish': { et: 'Avaldamata mustandit ei ole', en: 'There is no draft to publish', ru: 'Нет черновика для публикации' },
  'services.error.notPublished': { et: 'Arhiveerida saab ainult avaldatud teenust', en: 'Only a published service can be archived', ru: 'В архив можно отправить только опубликованную услугу' },
  'services.error.cursor': { et: 'Vigane jätkukoht', en: 'Invalid cursor', ru: 'Неверный курсор' },
  'services.error.code': { et: 'Kood: väiketähed, numbrid ja sidekriipsud (kuni 60)', en: 'Code: lower-case letters, digits and hyphens (up to 60)', ru: 'Код: строчные буквы, цифры и дефисы (до 60)' },
  'services.error.codeTaken': { et: 'Selle koodiga mall on juba olemas', en: 'A template with this code exists', ru: 'Шаблон с таким кодом уже есть' },
});

export const adminAuditActions = defineMessages({
  'services.service.create': { et: 'Teenus loodud', en: 'Service created', ru: 'Услуга создана' },
  'services.service.update': { et: 'Teenuse mustandit muudetud', en: 'Service draft edited', ru: 'Черновик услуги изменён' },
  'services.version.create': { et: 'Teenusest uus versioon', en: 'New version of a service', ru: 'Новая версия услуги' },
  'services.service.publish': { et: 'Teenus avaldatud', en: 'Service published', ru: 'Услуга опубликована' },
  'services.service.archive': { et: 'Teenus arhiveeritud', en: 'Service archived', ru: 'Услуга отправлена в архив' },
  'services.template.create': { et: 'Teenusmall loodud', en: 'Service template created', ru: 'Шаблон услуги создан' },
  'services.template.update': { et: 'Teenusmalli muudetud', en: 'Service template edited', ru: 'Шаблон услуги изменён' },
});
