export { DataOptions, type DataOptionsApi } from './DataOptions';
export { dataSettingsItem, loadDataSettings } from './dataSettingsItem';
