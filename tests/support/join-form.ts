/** A complete, valid partner sign-up (`/join`) for this address, as the browser posts it. */
export function joinForm(email: string, password: string): URLSearchParams {
  return new URLSearchParams({
    name: 'Bùi Văn Hưng',
    email,
    password,
    organisationName: 'Hợp tác xã May Thêu Phú Xuyên',
    organisationKind: 'employer',
    taxCode: '0109988776',
    wardCode: '09556',
    address: 'Thôn Phú Xuyên',
    phone: '0243 826 1234',
    description: 'Hợp tác xã may thêu, nhận thợ học việc và thợ lành nghề.',
    acceptTerms: 'on',
  })
}
