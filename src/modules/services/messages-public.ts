// The public catalogue's texts (services-public fills these).
import { defineMessages } from '../../kernel/i18n.js';

export const publicMessages = defineMessages({});
