/** Sends a ticket to one of the community's technicians, or to another one (改派, the manager's call). */
import { sheet } from '../sheet';

Component({
  behaviors: [sheet],
  properties: {
    /** `t-radio-group` options: each technician's name and openid. */
    technicians: { type: Array, value: [] },
    reassign: { type: Boolean, value: false },
  },
  data: { technician: '' },
  methods: {
    onSubmit() {
      this.answer(this.data.technician ? undefined : '请选择维修人员', { technician: this.data.technician });
    },
  },
});
