import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { fixAccessibleNames } from './common/a11y-names';
import './styles.css';

dayjs.locale('zh-cn');
fixAccessibleNames();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* No space put between two characters of a button (清 空): it reads oddly and is in the button's name. */}
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{
        // The keyboard's place in a field, radio or checkbox: a solid ring (antd's own, a pale shadow, is ~2:1 against white).
        token: { colorPrimary: '#2f7d4f', fontFamily: 'var(--app-font)', controlOutline: '#2f7d4f', controlOutlineWidth: 2 },
        // The page shown in the bureau's menu: dark green on light green, as the clerk's selected task (readable, not greyed).
        components: { Menu: { itemSelectedBg: '#e6f4ea', itemSelectedColor: '#1f5e38' } },
      }}>
      {/* Messages below the header (64 px), not over the period picker and the deadline. */}
      <AntApp message={{ top: 72 }}>
        <App />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
