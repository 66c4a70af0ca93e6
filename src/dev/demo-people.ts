// Demo people for development and tests: valid personal ID codes (check digit and all) with names.
// The TARA simulator offers them in its person picker; the demo data gives some of them roles.
import type { DemoPerson } from '../kernel/module.js';

export type { DemoPerson };

export const DEMO_PEOPLE: DemoPerson[] = [
  { idcode: '47502124911', givenName: 'Mari', familyName: 'Maasikas', note: { et: 'elanik, Tallinn; volikogu liige', en: 'resident, Tallinn; council member' } },
  { idcode: '60001019906', givenName: 'Liis', familyName: 'Lepp', note: { et: 'elanik, Tartu', en: 'resident, Tartu' } },
  { idcode: '39002102761', givenName: 'Jaan', familyName: 'Tamm', note: { et: 'Tallinna KOV administraator', en: 'KOV admin of Tallinn' } },
  { idcode: '39002100068', givenName: 'Toomas', familyName: 'Saar', note: { et: 'Tartu linna KOV administraator', en: 'KOV admin of Tartu' } },
  { idcode: '38001085718', givenName: 'Peeter', familyName: 'Kask', note: { et: 'platvormi administraator', en: 'platform admin' } },
  // The demo election committee of Tallinn's polls (member 1, 2, 3 of the demo polls; name them when
  // creating a poll): each picks up her own key share after signing in.
  { idcode: '48504120238', givenName: 'Kadri', familyName: 'Kuusk', note: { et: 'valimiskomisjoni liige, Tallinn; ELVL avaandmete haldur', en: 'election committee member, Tallinn; ELVL open-data keeper' } },
  { idcode: '37809300125', givenName: 'Andres', familyName: 'Mets', note: { et: 'valimiskomisjoni liige, Tallinn', en: 'election committee member, Tallinn' } },
  { idcode: '49201250450', givenName: 'Helena', familyName: 'Raud', note: { et: 'valimiskomisjoni liige ja teenuste omanik, Tallinn', en: 'election committee member and service owner, Tallinn' } },
];
