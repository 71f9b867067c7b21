import type { menuOps } from '../../src-shared/contract/menu';
import {
  createCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from '../core/customers/customers';
import {
  createCategory,
  listCategories,
  reorderCategories,
  updateCategory,
} from '../core/menu/categories';
import { archiveMenuItem, createMenuItem, listMenuItems, updateMenuItem } from '../core/menu/items';
import { listItemModifierGroups } from '../core/modifiers/groups';
import { menuRevision } from '../core/menu/revision';
import type { Handlers } from './types';

export const menuHandlers = {
  listCategories: (call) => listCategories(call.app.core),
  createCategory: (call, input) => createCategory(call.app.core, input),
  updateCategory: (call, input) => updateCategory(call.app.core, input),
  reorderCategories: (call, input) => reorderCategories(call.app.core, input),
  listMenuItems: (call, input) => listMenuItems(call.app.core, input),
  createMenuItem: (call, input) => createMenuItem(call.app.core, input),
  updateMenuItem: (call, input) => updateMenuItem(call.app.core, input),
  archiveMenuItem: (call, input) => archiveMenuItem(call.app.core, input.id),
  listItemModifierGroups: (call, input) => listItemModifierGroups(call.app.core, input),
  menuRevision: (call) => menuRevision(call.app.core),
  listCustomers: (call, input) => listCustomers(call.app.core, input),
  createCustomer: (call, input) => createCustomer(call.app.core, input),
  getCustomer: (call, input) => getCustomer(call.app.core, input.id),
  updateCustomer: (call, input) => updateCustomer(call.app.core, input),
} satisfies Pick<Handlers, keyof typeof menuOps>;
