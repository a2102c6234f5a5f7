/** A phone number in international (E.164) form, as WhatsApp and SMS give a customer's: 8 to 15 digits, the + optional. */
export function isPhoneNumber(value: string): boolean {
  return /^\+?\d{8,15}$/.test(value);
}
