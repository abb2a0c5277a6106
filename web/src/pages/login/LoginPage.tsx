import type { demoSignInsSchema } from '@contracts/demo.ts';
import { loginBody } from '@contracts/auth.ts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item } from '../../components/ItemList.tsx';
import { useNavigate, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { errorSentence } from '../../api/error-message.ts';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { useResetSession, type Me, type Role } from '../../app/session.ts';

type DemoSignIns = z.infer<typeof demoSignInsSchema>;
type Credentials = z.input<typeof loginBody>;

/** Where a person lands after signing in: their area's first page. */
function homeOf(roles: readonly Role[]): string {
  if (roles.some((role) => role === 'enterprise-admin' || role === 'enterprise-member'))
    return '/enterprise/grants';
  if (roles.includes('provider-admin')) return '/provider/claims';
  if (roles.length > 0) return '/operator';
  return '/programs';
}

/** Only paths of this console, so `?next=` cannot send a person to another site. */
function safeNext(next: string | null): string | undefined {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

/**
 * Sign in with email and password; on a demo instance, the demo users are listed and one
 * click signs in as one of them.
 */
export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const reset = useResetSession();
  const [form] = Form.useForm<Credentials>();
  const demo = useQuery({
    queryKey: ['demo-sign-ins'],
    // 404 outside demo mode: then simply no list.
    queryFn: () => api.get<DemoSignIns>('/api/v1/demo/sign-ins').catch(() => null),
    staleTime: Infinity,
  });
  const signIn = useMutation({
    mutationFn: (credentials: Credentials) =>
      api.post<{ user: Me['user'] }>('/api/v1/auth/login', loginBody.parse(credentials)),
    onSuccess: async ({ user }) => {
      await reset();
      await navigate(safeNext(search.get('next')) ?? homeOf(user.roles), { replace: true });
    },
  });
  return (
    <main className="login-page">
      <div className="login-tools">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('common:auth.title')}
        </Typography.Title>
        <Form<Credentials>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => signIn.mutate(values)}
        >
          <Form.Item
            label={t('common:auth.email')}
            name="email"
            rules={[{ required: true, message: t('common:auth.emailRequired') }]}
          >
            <Input autoComplete="username" type="email" data-testid="login-email" />
          </Form.Item>
          <Form.Item
            label={t('common:auth.password')}
            name="password"
            rules={[{ required: true, message: t('common:auth.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {signIn.error !== null && (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 16 }}
              title={errorSentence(t, signIn.error)}
            />
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={signIn.isPending}
            data-testid="login-submit"
          >
            {t('common:auth.signIn')}
          </Button>
        </Form>
        {demo.data != null && (
          <section aria-labelledby="demo-users" style={{ marginTop: 24 }}>
            <Typography.Title level={2} id="demo-users" style={{ fontSize: 16 }}>
              {t('common:auth.demoUsers')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              {t('common:auth.demoPassword', { password: demo.data.password })}
            </Typography.Paragraph>
            <ItemList
              size="small"
              dataSource={demo.data.users}
              renderItem={(user) => (
                <Item
                  actions={[
                    <Button
                      key="sign-in"
                      size="small"
                      data-testid={`demo-sign-in-${user.email}`}
                      onClick={() =>
                        signIn.mutate({ email: user.email, password: demo.data?.password ?? '' })
                      }
                    >
                      {t('common:auth.signInAs')}
                    </Button>,
                  ]}
                >
                  <Space orientation="vertical" size={0}>
                    <span>
                      {user.tenantName} ·{' '}
                      {user.roles.map((role) => t(`common:roles.${role}`)).join('、')}
                    </span>
                    <Typography.Text type="secondary">{user.email}</Typography.Text>
                  </Space>
                </Item>
              )}
            />
          </section>
        )}
      </Card>
    </main>
  );
}
