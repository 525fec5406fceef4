/**
 * The hospital's messages, in English, Hindi and Marathi. Each is a template
 * with named values, registered under the same name with every channel:
 * the DLT template id of the SMS (TRAI's DLT rules: a commercial SMS must
 * match a registered template word for word, values in {#var#} places), the
 * WhatsApp Business template (`appointment_reminder`, in language en / hi /
 * mr, its body parameters in the order of `values`), and the e-mail's subject.
 *
 * One-time codes and reset links are `secret`: sent at once, never queued,
 * their values never kept in the delivery log.
 */
import type { Language } from '@prisma/client';

export interface Template {
  /** The values the text needs, in the order the WhatsApp template's parameters take them. */
  values: readonly string[];
  secret?: boolean;
  /** Who it goes to: patients choose their channels; staff alerts go by e-mail. */
  audience: 'patient' | 'staff';
  subject: Record<Language, string>;
  text: Record<Language, string>;
}

export const templates = {
  'signup.code': {
    values: ['code'],
    secret: true,
    audience: 'patient',
    subject: { EN: 'Your Parth Hospital code', HI: 'पार्थ हॉस्पिटल कोड', MR: 'पार्थ हॉस्पिटल कोड' },
    text: {
      EN: '{code} is your Parth Hospital sign-up code. It expires in 10 minutes. Do not share it with anyone.',
      HI: '{code} आपका पार्थ हॉस्पिटल साइन-अप कोड है। यह 10 मिनट में समाप्त हो जाएगा। इसे किसी के साथ साझा न करें।',
      MR: '{code} हा तुमचा पार्थ हॉस्पिटल साइन-अप कोड आहे. तो 10 मिनिटांत संपेल. तो कोणालाही सांगू नका.',
    },
  },
  'password.reset': {
    values: ['link'],
    secret: true,
    audience: 'patient',
    subject: { EN: 'Reset your Parth Hospital password', HI: 'अपना पासवर्ड बदलें', MR: 'तुमचा पासवर्ड बदला' },
    text: {
      EN: 'To set a new Parth Hospital password, open {link} within 30 minutes. If you did not ask for this, ignore this message.',
      HI: 'पार्थ हॉस्पिटल का नया पासवर्ड सेट करने के लिए 30 मिनट के भीतर {link} खोलें। अगर आपने यह नहीं माँगा, तो इसे अनदेखा करें।',
      MR: 'पार्थ हॉस्पिटलचा नवीन पासवर्ड ठेवण्यासाठी 30 मिनिटांत {link} उघडा. तुम्ही हे मागितले नसेल तर दुर्लक्ष करा.',
    },
  },
  'appointment.booked': {
    values: ['patient', 'doctor', 'date', 'time'],
    audience: 'patient',
    subject: { EN: 'Appointment booked', HI: 'अपॉइंटमेंट बुक हुआ', MR: 'अपॉइंटमेंट बुक झाली' },
    text: {
      EN: 'Dear {patient}, your appointment with {doctor} at Parth Hospital is booked for {date} at {time}. Please come 15 minutes early.',
      HI: 'प्रिय {patient}, पार्थ हॉस्पिटल में {doctor} के साथ आपका अपॉइंटमेंट {date} को {time} बजे बुक हुआ है। कृपया 15 मिनट पहले आएँ।',
      MR: 'प्रिय {patient}, पार्थ हॉस्पिटलमध्ये {doctor} यांच्यासोबत तुमची अपॉइंटमेंट {date} रोजी {time} वाजता बुक झाली आहे. कृपया 15 मिनिटे आधी या.',
    },
  },
  'appointment.reminder': {
    values: ['patient', 'doctor', 'date', 'time'],
    audience: 'patient',
    subject: { EN: 'Your appointment tomorrow', HI: 'कल आपका अपॉइंटमेंट', MR: 'उद्या तुमची अपॉइंटमेंट' },
    text: {
      EN: 'Reminder: {patient}, you see {doctor} at Parth Hospital tomorrow, {date}, at {time}. To cancel, call the front desk.',
      HI: 'याद दिलाना: {patient}, कल {date} को {time} बजे पार्थ हॉस्पिटल में {doctor} के साथ आपका अपॉइंटमेंट है। रद्द करने के लिए रिसेप्शन पर फ़ोन करें।',
      MR: 'आठवण: {patient}, उद्या {date} रोजी {time} वाजता पार्थ हॉस्पिटलमध्ये {doctor} यांच्यासोबत तुमची अपॉइंटमेंट आहे. रद्द करण्यासाठी स्वागत कक्षाला फोन करा.',
    },
  },
  'bill.ready': {
    values: ['patient', 'number', 'amount', 'link'],
    audience: 'patient',
    subject: { EN: 'Your bill is ready', HI: 'आपका बिल तैयार है', MR: 'तुमचे बिल तयार आहे' },
    text: {
      EN: 'Dear {patient}, your Parth Hospital bill {number} for Rs {amount} is ready: {link}',
      HI: 'प्रिय {patient}, पार्थ हॉस्पिटल का आपका बिल {number} (रु {amount}) तैयार है: {link}',
      MR: 'प्रिय {patient}, पार्थ हॉस्पिटलचे तुमचे बिल {number} (रु {amount}) तयार आहे: {link}',
    },
  },
  'lab.ready': {
    values: ['patient', 'test', 'link'],
    audience: 'patient',
    subject: { EN: 'Your lab report is ready', HI: 'आपकी लैब रिपोर्ट तैयार है', MR: 'तुमचा लॅब रिपोर्ट तयार आहे' },
    text: {
      EN: 'Dear {patient}, your {test} report from Parth Hospital is ready: {link}',
      HI: 'प्रिय {patient}, पार्थ हॉस्पिटल से आपकी {test} रिपोर्ट तैयार है: {link}',
      MR: 'प्रिय {patient}, पार्थ हॉस्पिटलचा तुमचा {test} रिपोर्ट तयार आहे: {link}',
    },
  },
  'discharge.ready': {
    values: ['patient', 'link'],
    audience: 'patient',
    subject: { EN: 'Your discharge summary is ready', HI: 'आपका डिस्चार्ज सारांश तैयार है', MR: 'तुमचा डिस्चार्ज सारांश तयार आहे' },
    text: {
      EN: 'Dear {patient}, your discharge summary from Parth Hospital is signed and ready: {link}',
      HI: 'प्रिय {patient}, पार्थ हॉस्पिटल का आपका डिस्चार्ज सारांश हस्ताक्षरित और तैयार है: {link}',
      MR: 'प्रिय {patient}, पार्थ हॉस्पिटलचा तुमचा डिस्चार्ज सारांश स्वाक्षरीत आणि तयार आहे: {link}',
    },
  },
  'doses.overdue': {
    values: ['ward', 'count', 'link'],
    audience: 'staff',
    subject: { EN: 'Overdue doses on the ward', HI: 'वार्ड में देर से दी जाने वाली खुराक', MR: 'वॉर्डमध्ये उशिराचे डोस' },
    text: {
      EN: '{ward}: {count} dose(s) are more than 30 minutes overdue. Open the medication round: {link}',
      HI: '{ward}: {count} खुराक 30 मिनट से अधिक देर से हैं। दवा राउंड खोलें: {link}',
      MR: '{ward}: {count} डोस 30 मिनिटांपेक्षा जास्त उशिरा आहेत. औषध फेरी उघडा: {link}',
    },
  },
} as const satisfies Record<string, Template>;

export type TemplateName = keyof typeof templates;
export const templateNames = Object.keys(templates) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

/** The message as the person reads it: every {value} filled, none left empty. */
export function renderMessage(name: TemplateName, language: Language, values: Record<string, string>): { subject: string; text: string } {
  const template: Template = templates[name];
  for (const value of template.values) {
    if (!values[value]) throw new Error(`the ${name} message needs ${value}`);
  }
  const text = template.text[language].replace(/\{(\w+)\}/g, (_all, key: string) => values[key] ?? '');
  return { subject: template.subject[language], text };
}

/** WhatsApp's name of the template: its approved templates use lower case and underscores. */
export const whatsappTemplateName = (name: TemplateName) => name.replace(/\./g, '_');
export const languageCode = (language: Language) => language.toLowerCase() as 'en' | 'hi' | 'mr';
