/**
 * The launcher's two strings, on their own so the snippet's loader can carry them without the
 * whole catalogs; en.ts and zh-cn.ts take theirs from here.
 */
export const launcherStrings = {
  en: { chatWithUs: 'Chat with us', launcherOffline: (heading: string) => `${heading} (offline)` },
  zhCN: { chatWithUs: '联系我们', launcherOffline: (heading: string) => `${heading}（离线）` },
};
