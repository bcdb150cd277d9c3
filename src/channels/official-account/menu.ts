import type { MenuButton } from '../../config/district-schema';

type Leaf = Exclude<MenuButton, { items: unknown }>;
const leaves = (menu: MenuButton[]): Leaf[] => menu.flatMap((b) => ('items' in b ? b.items : [b]));

/** Menu key → what the button says to the bot for the resident. */
export function menuActions(menu: MenuButton[]): Map<string, string> {
  return new Map(leaves(menu).flatMap((b) => ('key' in b ? [[b.key, b.says] as const] : [])));
}

/** The district's menu in WeChat's menu/create shape. */
export function wechatMenu(menu: MenuButton[]): { button: unknown[] } {
  const leaf = (b: Leaf) => ('key' in b ? { type: 'click', name: b.name, key: b.key } : { type: 'view', name: b.name, url: b.url });
  return { button: menu.map((b) => ('items' in b ? { name: b.name, sub_button: b.items.map(leaf) } : leaf(b))) };
}
