import { call, messageOf } from '../../services/api';
import { formatDateTime } from '../../utils/time';

type Status = 'loading' | 'ready' | 'error';

Component({
  data: {
    status: 'loading' as Status,
    openid: '',
    serverTime: '',
    errorMessage: '',
  },
  methods: {
    onLoad() {
      this.connect();
    },
    onRetry() {
      this.connect();
    },
    async connect() {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const pong = await call('system.ping', {});
        this.setData({ status: 'ready', openid: pong.openid, serverTime: formatDateTime(pong.serverTime) });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
  },
});
